// The desk's keyboard: one key per action, shown on screen. Keys typed into a field (the note,
// a path) are the field's, never a decision.
export type DeskAction =
  | { kind: "pass" }
  | { kind: "fail" }
  | { kind: "next" }
  | { kind: "prev" }
  | { kind: "zoom" }
  | { kind: "reason"; index: number };

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element's tag and whether it is editable. */
  target?: { tagName?: string; isContentEditable?: boolean } | null;
}

function typing(target: KeyLike["target"]): boolean {
  const tag = (target?.tagName ?? "").toUpperCase();
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || !!target?.isContentEditable;
}

/** The action a key press asks for, or null (`reasons`: how many reasons are offered). */
export function deskAction(e: KeyLike, reasons: number): DeskAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return null;
  switch (e.key) {
    case "p":
    case "P":
      return { kind: "pass" };
    case "f":
    case "F":
      return { kind: "fail" };
    case "j":
    case "J":
    case "ArrowDown":
      return { kind: "next" };
    case "k":
    case "K":
    case "ArrowUp":
      return { kind: "prev" };
    case "z":
    case "Z":
      return { kind: "zoom" };
  }
  const n = Number(e.key);
  if (Number.isInteger(n) && n >= 1 && n <= Math.min(9, reasons)) return { kind: "reason", index: n - 1 };
  return null;
}
