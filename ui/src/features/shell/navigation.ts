// The area on screen and the operator's role, shared so any page can send the user to the
// next task and the navigation follows a role change made in Settings.
import { ref } from "vue";
import type { Role } from "../../bindings/Role";
import { areasFor, homeArea, type AreaKey } from "./areas";

export const currentArea = ref<AreaKey>("centre");
export const currentRole = ref<Role>("candidate");

export function goTo(area: AreaKey): void {
  currentArea.value = area;
}

/** Sets the role and opens its home area; from Settings (`stay`), the page stays open. */
export function useRole(role: Role, stay = false): void {
  currentRole.value = role;
  const keep = stay && areasFor(role).some((a) => a.key === currentArea.value);
  if (!keep) currentArea.value = homeArea(role);
}
