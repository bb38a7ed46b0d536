// Generated from the core's labels by export_bindings. Do not edit.
import type { Education } from "./Education";
import type { UploadSlot } from "./UploadSlot";

/** The portal's closed education list, in order, with the labels it accepts. */
export const EDUCATION_LABELS: Record<Education, string> = {
  junior_high_or_below: "初中及以下",
  senior_high: "高中",
  secondary_vocational: "中专/中技",
  junior_college: "大学专科",
  bachelor: "大学本科",
  master: "硕士研究生",
  doctorate: "博士研究生",
};

export const EDUCATION_LABELS_EN: Record<Education, string> = {
  junior_high_or_below: "Junior high school or below",
  senior_high: "Senior high school",
  secondary_vocational: "Secondary vocational school",
  junior_college: "Junior college",
  bachelor: "Bachelor's degree",
  master: "Master's degree",
  doctorate: "Doctorate",
};

export const SLOT_LABELS: Record<UploadSlot, string> = {
  id_front: "身份证正面照",
  diploma: "学历照片",
  photo: "电子证件照片",
  work_proof: "工作证明",
};
