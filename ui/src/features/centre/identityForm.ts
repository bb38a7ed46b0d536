// State of the registration form: the typed values, which fields the user has touched, and
// the latest report from the rules core. Problems show under a field once it was touched or
// a submit was tried, so an empty form does not open in red.
import { computed, reactive, ref, watch } from "vue";
import type { Backend } from "../../api";
import type { AddCandidateReport } from "../../bindings/AddCandidateReport";
import type { IdentityInput } from "../../bindings/IdentityInput";
import type { IdentityReport } from "../../bindings/IdentityReport";
import type { Problem } from "../../bindings/Problem";

export type IdentityField = keyof IdentityInput;
export const IDENTITY_FIELDS: readonly IdentityField[] = ["name", "gender", "idNumber", "mobile", "email"];

export function problemsByField(issues: readonly Problem[]): Record<string, Problem[]> {
  const out: Record<string, Problem[]> = {};
  for (const p of issues) (out[p.field] ??= []).push(p);
  return out;
}

function emptyInput(): IdentityInput {
  return { name: "", gender: "", idNumber: "", mobile: "", email: "" };
}

export function useIdentityForm(getBackend: () => Promise<Backend>, delayMs = 150) {
  const input = reactive<IdentityInput>(emptyInput());
  const touched = reactive<Partial<Record<IdentityField, boolean>>>({});
  const report = ref<IdentityReport | null>(null);
  const submitAttempted = ref(false);
  const busy = ref(false);
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function revalidate(): Promise<void> {
    const mine = ++sequence;
    const result = await (await getBackend()).validateIdentity({ input: { ...input }, strict: false });
    // A slower answer to an older keystroke must not overwrite a newer one.
    if (mine === sequence) report.value = result;
  }

  watch(
    input,
    () => {
      for (const f of IDENTITY_FIELDS) if (input[f] !== "") touched[f] = true;
      clearTimeout(timer);
      timer = setTimeout(() => void revalidate(), delayMs);
    },
    { deep: true },
  );

  const visible = computed(() => {
    const byField = problemsByField(report.value?.issues ?? []);
    const out: Record<string, Problem[]> = {};
    for (const f of IDENTITY_FIELDS) {
      if (touched[f] || submitAttempted.value) out[f] = byField[f] ?? [];
    }
    return out;
  });

  async function submit(): Promise<AddCandidateReport> {
    busy.value = true;
    try {
      const result = await (await getBackend()).addCandidate({ input: { ...input }, strict: false });
      if (result.added) {
        Object.assign(input, emptyInput());
        for (const f of IDENTITY_FIELDS) delete touched[f];
        submitAttempted.value = false;
        clearTimeout(timer);
        sequence++;
        report.value = null;
      } else {
        submitAttempted.value = true;
        report.value = { identity: null, derivedGender: report.value?.derivedGender ?? null, derivedBirthDate: report.value?.derivedBirthDate ?? null, issues: result.issues, normalizations: report.value?.normalizations ?? [] };
      }
      return result;
    } finally {
      busy.value = false;
    }
  }

  return { input, touched, report, visible, busy, submit, revalidate };
}
