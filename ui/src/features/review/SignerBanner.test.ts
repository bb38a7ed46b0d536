import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import SignerBanner from "./SignerBanner.vue";
import ReviewDetail from "./ReviewDetail.vue";
import type { DeskLine } from "../../bindings/DeskLine";
import { locale } from "../../i18n";

const FP = "0123456789abcdef".repeat(4);
const line = (over: Partial<DeskLine> = {}): DeskLine => ({
  packageSha256: "f".repeat(64),
  idNumber: "11010519491231002X",
  name: "王芳",
  file: null,
  state: "pending",
  decisions: [],
  signature: "valid",
  signer: FP,
  trustedAs: null,
  issues: [],
  submissionId: null,
  ...over,
});

afterEach(() => {
  locale.value = "zh-CN";
});

describe("SignerBanner", () => {
  it("shows an unknown signer's whole fingerprint, 64 hex digits in groups of four", () => {
    const w = mount(SignerBanner, { props: { line: line() } });
    const groups = FP.match(/.{4}/g) ?? [];
    expect(groups).toHaveLength(16);
    expect(w.text()).toContain(groups.join(" "));
  });
});

describe("ReviewDetail findings", () => {
  it("say the severity in words and keep the reason code out of the text", () => {
    const issue = {
      field: "photo",
      code: "package.missing_file",
      severity: "error",
      messageZh: "包中缺少必需的材料：电子证件照片",
      messageEn: "the package lacks a required material: ID photo",
    } as DeskLine["issues"][number];
    const w = mount(ReviewDetail, { props: { line: line({ issues: [issue] }), reasons: [], zoomed: false, busy: false, chosen: [], note: "" }, global: { stubs: { SignerBanner: true } } });
    const findings = w.find("[data-test=review-findings]");
    expect(findings.text()).toContain("不通过");
    expect(findings.text()).toContain("电子证件照片");
    expect(findings.text()).not.toContain("package.missing_file");
  });
});
