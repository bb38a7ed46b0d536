// The closed education list of the portal (Rust `Education`), with the labels it accepts.
import type { Education } from "../../bindings/Education";

export const EDUCATION_LABELS: Record<Education, string> = {
  junior_high_or_below: "初中及以下",
  senior_high: "高中",
  secondary_vocational: "中专/中技",
  junior_college: "大学专科",
  bachelor: "大学本科",
  master: "硕士研究生",
  doctorate: "博士研究生",
};

export const SLOTS = ["id_front", "diploma", "photo", "work_proof"] as const;
