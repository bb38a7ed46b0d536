import { describe, expect, it } from "vitest";
import { passwordStrength } from "./strength";

describe("password strength", () => {
  it("is weak below eight characters and grows with length and variety", () => {
    expect(passwordStrength("Ab1!")).toBe(0);
    expect(passwordStrength("abcdefgh")).toBe(1);
    expect(passwordStrength("abcdefg1")).toBe(1);
    expect(passwordStrength("abcDEF12")).toBe(2);
    expect(passwordStrength("correct Horse 9!")).toBe(3);
  });
});
