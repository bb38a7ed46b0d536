// The candidate the workspace is about (a candidate's own workspace holds one; a training
// centre picks one from the list) and everything known about them, reloaded after each step.
import { ref } from "vue";
import { backend, BackendError } from "../../api";
import type { Overview } from "../../bindings/Overview";

export const currentId = ref<string | null>(null);
export const overview = ref<Overview | null>(null);
export const overviewError = ref<BackendError | null>(null);

export async function refresh(): Promise<void> {
  if (!currentId.value) {
    overview.value = null;
    return;
  }
  try {
    overview.value = await (await backend()).overview(currentId.value);
    overviewError.value = null;
  } catch (e) {
    overviewError.value = e instanceof BackendError ? e : null;
  }
}

export async function select(idNumber: string): Promise<void> {
  currentId.value = idNumber;
  await refresh();
}
