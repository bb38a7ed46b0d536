import { afterEach, describe, expect, it } from "vitest";
import { importSummary } from "./importSummary";
import type { ImportLine } from "../../bindings/ImportLine";
import { locale } from "../../i18n";

const line = (outcome: string): ImportLine => ({ file: "d.jsonl", line: 1, id: null, packageSha256: null, idNumber: null, outcome, detail: null });

afterEach(() => {
  locale.value = "zh-CN";
});

describe("importSummary", () => {
  it("explains what 'recorded' means when a decision was only recorded", () => {
    const text = importSummary([line("applied"), line("recorded")]);
    expect(text).toContain("应用 1，记录 1");
    expect(text).toContain("没有改动考生");
    locale.value = "en";
    expect(importSummary([line("recorded")])).toContain("without changing a candidate");
  });

  it("says nothing more when every decision was applied", () => {
    expect(importSummary([line("applied")])).not.toContain("没有改动考生");
  });
});
