// Rosters in the browser tests: the fake cannot read spreadsheets, so it answers with what the
// real import made of `tests/fixtures/roster/messy.xlsx` (written by tests/ui_fixtures.rs);
// committing registers its accepted rows in the in-memory workspace.
import type { Candidate } from "../bindings/Candidate";
import type { GridRow } from "../bindings/GridRow";
import type { RosterImportArgs } from "../bindings/RosterImportArgs";
import type { RosterReport } from "../bindings/RosterReport";
import type { CellEdit } from "../bindings/CellEdit";
import type { EditCellArgs } from "../bindings/EditCellArgs";
import { canonical, roster } from "./fakeRules";

export function createFakeRoster(candidates: Candidate[]) {
  const imported = new Set<string>();
  // Rows as edited in the grid (the core's answers replayed in order).
  const edited = new Map<string, GridRow>();
  return {
    async rosterTemplate({ path }: { path: string }) {
      return path.endsWith(".xlsx") ? path : `${path}/批量报名名单模板.xlsx`;
    },
    async rosterImport(args: RosterImportArgs): Promise<RosterReport> {
      if (!args.path.endsWith(roster.path.split("/").pop()!)) {
        throw { code: "invalid_input", message: `无法读取 ${args.path}`, messageEn: `cannot read ${args.path}`, field: null };
      }
      if (args.mapping.length) throw new Error("no fixture for a corrected column mapping: add it to tests/ui_fixtures.rs");
      // The save dialog accepted its suggestion (the fake writes nothing).
      const rejectedOutput = args.rejectedOut === null ? {} : { rejectedOutput: args.rejectedOut.endsWith(".xlsx") ? args.rejectedOut : `${args.rejectedOut || "/tmp"}/有问题的行.xlsx` };
      if (args.dryRun) return { ...structuredClone(roster.preview), ...rejectedOutput };
      for (const row of roster.grid) {
        if (imported.has(row.idNumber)) continue;
        imported.add(row.idNumber);
        const now = new Date().toISOString();
        candidates.push({ id: candidates.length + 1, name: row.name, gender: row.gender === "男" ? "male" : "female", idNumber: row.idNumber, mobile: row.mobile, email: row.email, emailDisplay: row.email, createdAt: now, updatedAt: now });
      }
      return structuredClone(roster.committed);
    },
    async rosterGrid(): Promise<GridRow[]> {
      return structuredClone(roster.grid.filter((r) => imported.has(r.idNumber)).map((r) => edited.get(r.idNumber) ?? r));
    },
    // Submitting goes through the workspace's replayed rules (fake.ts wires it); here only exports.
    async bulkExport({ idNumbers, path }: { idNumbers: string[]; path: string | null }) {
      return idNumbers.map((id) => ({ idNumber: id, done: true, output: `${path}/${id}.zip`, issues: [] }));
    },
    async editCell(args: EditCellArgs): Promise<CellEdit> {
      const found = roster.edits.find((e) => canonical([e.idNumber, e.field, e.value, e.dryRun]) === canonical([args.idNumber, args.field, args.value, args.dryRun]));
      if (!found) throw new Error(`no fixture for the grid edit ${canonical(args)}: add it to tests/ui_fixtures.rs`);
      if (found.result.row) edited.set(args.idNumber, found.result.row);
      return structuredClone(found.result);
    },
    // The fake renders no PDF, and roster candidates have no registration yet: each selected
    // one is listed as not available.
    async bulkTickets({ idNumbers }: { idNumbers: string[] }) {
      return { output: null, printed: [], refused: idNumbers.map((id) => ({ idNumber: id, done: false, issues: [] })) };
    },
    async acknowledgeSamePhoto() {
      return false;
    },
    async rosterExport({ path }: { path: string }) {
      return path.endsWith(".xlsx") ? path : `${path}/考生名单.xlsx`;
    },
  };
}
