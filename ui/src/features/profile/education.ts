// The closed education list and the upload slots, with the core's labels (generated).
export { EDUCATION_LABELS, SLOT_LABELS } from "../../bindings/labels";

export const SLOTS = ["id_front", "diploma", "photo", "work_proof"] as const;
