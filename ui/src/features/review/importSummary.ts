// What importing decision files did, in one line (the desk and the candidate's side).
import type { ImportLine } from "../../bindings/ImportLine";
import { t } from "../../i18n";

export function importSummary(out: ImportLine[]): string {
  const n = (o: string) => out.filter((l) => l.outcome === o).length;
  const line = t("review.imported", {
    applied: n("applied"),
    recorded: n("recorded"),
    duplicate: n("duplicate"),
    conflict: n("conflict"),
    invalid: n("invalid_signature") + n("unreadable"),
    superseded: n("superseded"),
  });
  // "Recorded" alone does not say why nothing changed: explain it when it happened.
  return n("recorded") > 0 ? line + t("review.recordedWhy") : line;
}
