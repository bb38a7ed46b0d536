// One thing, one name. Every screen's messages, the core's and the CLI's messages and the
// README use these words; `avoid` lists the names they replaced (glossary.test.ts enforces it).
// Accepted roster headers are data, not wording: a line marked `glossary: accepted header`
// may keep an old name so a centre's file still imports.
export interface Term {
  zh: string;
  en: string;
  /** What it is, for the README's glossary. */
  meaning: string;
  avoidZh: string[];
  avoidEn: string[];
}

export const GLOSSARY: Term[] = [
  { zh: "考生", en: "candidate", meaning: "the person who sits the exam", avoidZh: ["报名人"], avoidEn: ["applicant"] },
  { zh: "培训机构", en: "training centre", meaning: "registers many candidates at once", avoidZh: [], avoidEn: ["training center"] },
  { zh: "审核人员", en: "reviewer", meaning: "checks packages and decides pass or fail", avoidZh: ["审核员", "审查员"], avoidEn: ["auditor"] },
  { zh: "名单", en: "roster", meaning: "a centre's spreadsheet of candidates", avoidZh: ["花名册"], avoidEn: ["name list"] },
  { zh: "资料包", en: "package", meaning: "one candidate's data and materials in a verified zip", avoidZh: ["申报包", "材料包", "报名包"], avoidEn: ["dossier"] },
  { zh: "证件照", en: "ID photo", meaning: "the 260×360 JPEG the portal takes", avoidZh: [], avoidEn: ["passport photo"] },
  { zh: "最高学历", en: "highest education", meaning: "the portal's closed list of education levels", avoidZh: ["较高学历"], avoidEn: ["education level"] },
  { zh: "准考证", en: "admission ticket", meaning: "the PDF a candidate brings to the exam", avoidZh: [], avoidEn: ["admission card", "exam pass"] },
  { zh: "报送", en: "submit", meaning: "send packages to the exam office's intake server", avoidZh: [], avoidEn: [] },
  { zh: "审核决定", en: "decision", meaning: "a reviewer's pass or fail with standard reasons", avoidZh: [], avoidEn: ["verdict file"] },
  { zh: "恢复密钥", en: "recovery key", meaning: "unlocks the encrypted data when the password is lost", avoidZh: ["恢复码"], avoidEn: ["recovery code"] },
];
