import { describe, expect, it } from "vitest";
import type { DeskLine } from "../../bindings/DeskLine";
import type { ReviewState } from "../../bindings/ReviewState";
import { deskAction } from "./deskKeys";
import { counts, moved, nextWaiting, shown } from "./deskQueue";

const line = (n: number, state: ReviewState, name = `考生${n}`): DeskLine => ({
  packageSha256: String(n).padStart(64, "0"),
  idNumber: `11010519491231${String(n).padStart(4, "0")}`,
  name,
  file: null,
  state,
  decisions: [],
  signature: "valid",
  signer: null,
  trustedAs: null,
  issues: [],
  submissionId: null,
});

describe("desk keys", () => {
  it("maps the shown keys to actions", () => {
    expect(deskAction({ key: "p" }, 7)).toEqual({ kind: "pass" });
    expect(deskAction({ key: "F" }, 7)).toEqual({ kind: "fail" });
    expect(deskAction({ key: "j" }, 7)).toEqual({ kind: "next" });
    expect(deskAction({ key: "ArrowUp" }, 7)).toEqual({ kind: "prev" });
    expect(deskAction({ key: "3" }, 7)).toEqual({ kind: "reason", index: 2 });
    expect(deskAction({ key: "8" }, 7)).toBeNull();
    expect(deskAction({ key: "0" }, 7)).toBeNull();
  });

  it("leaves keys typed into a field and shortcuts of the system alone", () => {
    expect(deskAction({ key: "p", target: { tagName: "textarea" } }, 7)).toBeNull();
    expect(deskAction({ key: "f", target: { tagName: "INPUT" } }, 7)).toBeNull();
    expect(deskAction({ key: "p", ctrlKey: true }, 7)).toBeNull();
    expect(deskAction({ key: "j", target: { isContentEditable: true } }, 7)).toBeNull();
  });
});

describe("desk queue", () => {
  const lines = [line(1, "pending", "王芳"), line(2, "passed"), line(3, "pending"), line(4, "conflict"), line(5, "failed")];

  it("filters by state and search, and counts each state", () => {
    expect(shown(lines, "pending").map((l) => l.name)).toEqual(["王芳", "考生3"]);
    expect(shown(lines, "all", "王").length).toBe(1);
    expect(shown(lines, "all", "0003").length).toBe(1);
    expect(counts(lines)).toEqual({ pending: 2, conflict: 1, failed: 1, passed: 1, all: 5 });
  });

  it("moves within the view, clamped at its ends", () => {
    const id = (n: number) => line(n, "pending").packageSha256;
    expect(moved(lines, null, 1)).toBe(id(1));
    expect(moved(lines, id(1), 1)).toBe(id(2));
    expect(moved(lines, id(5), 1)).toBe(id(5));
    expect(moved(lines, id(1), -1)).toBe(id(1));
    expect(moved([], id(1), 1)).toBeNull();
  });

  it("goes on to the next package still waiting after a decision, wrapping around", () => {
    const id = (n: number) => line(n, "pending").packageSha256;
    expect(nextWaiting(lines, id(1))).toBe(id(3));
    expect(nextWaiting(lines, id(4))).toBe(id(1));
    expect(nextWaiting([line(1, "passed")], id(1))).toBeNull();
  });
});
