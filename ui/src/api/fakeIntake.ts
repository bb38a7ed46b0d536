// The intake server in the browser tests: there is none, so the fake keeps an outbox in memory.
// An endpoint containing "offline" behaves as a network that is down (entries stay queued, code
// 3) until `setOnline` — the background loop's resend is then one `submissionStatus(true)`.
import type { IntakeSettings } from "../bindings/IntakeSettings";
import type { SubmitRun } from "../bindings/SubmitRun";
import type { SaveIntakeArgs } from "../bindings/SaveIntakeArgs";
import type { SendLine } from "../bindings/SendLine";
import type { StatusLine } from "../bindings/StatusLine";
import type { SubmissionStatus } from "../bindings/SubmissionStatus";
import type { Candidate } from "../bindings/Candidate";
import { BackendError } from "./errors";
import { intakeNotConfigured } from "./fakeRules";

export function createFakeIntake(candidates: Candidate[]) {
  let settings: IntakeSettings = { endpoint: null, tokenStore: "none" };
  const outbox = new Map<string, SendLine>();
  const listeners = new Set<() => void>();
  const offline = () => (settings.endpoint ?? "").includes("offline");
  const sendQueued = () => {
    if (offline()) return;
    for (const line of outbox.values()) {
      if (line.state !== "queued") continue;
      line.state = "accepted";
      line.code = 0;
      line.status = "received";
      line.submissionId = `sub_fake_${line.idNumber}`;
      line.error = null;
      line.attempts += 1;
    }
  };
  return {
    async intakeSettings(): Promise<IntakeSettings> {
      return structuredClone(settings);
    },
    async saveIntakeSettings(args: SaveIntakeArgs): Promise<IntakeSettings> {
      const tokenStore = args.token === null ? settings.tokenStore : args.token.trim() ? "os" : "none";
      settings = { endpoint: args.endpoint.trim() || null, tokenStore };
      return structuredClone(settings);
    },
    async submitToIntake(idNumbers: string[]): Promise<SubmitRun> {
      if (!settings.endpoint || settings.tokenStore === "none") {
        throw new BackendError(intakeNotConfigured);
      }
      for (const id of idNumbers) {
        if (outbox.has(id)) continue;
        const name = candidates.find((c) => c.idNumber === id)?.name ?? id;
        outbox.set(id, { idNumber: id, name, state: "queued", submissionId: null, status: null, packageSha256: "0".repeat(64), attempts: 0, error: null, code: 3 });
      }
      sendQueued();
      const items = idNumbers.map((id) => structuredClone(outbox.get(id)!));
      const count = (c: number) => items.filter((l) => l.code === c).length;
      return { items, notReady: [], accepted: count(0), refused: count(1), queued: count(3) };
    },
    async submissionStatus(pull: boolean): Promise<SubmissionStatus> {
      if (pull) sendQueued();
      const lines: StatusLine[] = [...outbox.values()].map((l) => ({
        idNumber: l.idNumber,
        name: l.name,
        submissionId: l.submissionId,
        status: l.state === "accepted" ? (l.status ?? "received") : l.state,
        issues: [],
        validUntil: null,
      }));
      return { lines, pullError: null };
    },
    async onSubmissionChanged(callback: () => void) {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
  };
}
