// The operator and lock status the whole window follows (the first start, the lock screen,
// the lock button, a password set in Settings).
import { ref } from "vue";
import type { OperatorStatus } from "../../bindings/OperatorStatus";

export const operatorStatus = ref<OperatorStatus | null>(null);
