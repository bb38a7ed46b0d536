// The area on screen, shared so any page can send the user to the next task.
import { ref } from "vue";
import type { AreaKey } from "./areas";

export const currentArea = ref<AreaKey>("centre");

export function goTo(area: AreaKey): void {
  currentArea.value = area;
}
