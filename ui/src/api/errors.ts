// One place turns every rejection into a typed error the views can switch on.
import type { CommandError } from "../bindings/CommandError";

export class BackendError extends Error {
  constructor(public readonly detail: CommandError) {
    super(detail.message);
  }
}

function isCommandError(value: unknown): value is CommandError {
  return typeof value === "object" && value !== null && "code" in value && "message" in value;
}

export function toBackendError(raw: unknown): BackendError {
  if (raw instanceof BackendError) return raw;
  if (isCommandError(raw)) return new BackendError(raw);
  const text = raw instanceof Error ? raw.message : String(raw);
  return new BackendError({ code: "internal", message: `内部错误：${text}`, messageEn: `internal error: ${text}` });
}
