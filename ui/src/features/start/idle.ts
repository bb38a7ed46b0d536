// The idle re-lock: after `ms` without a key, pointer or wheel event, `onIdle` runs once.
// Returns "stop". Any activity restarts the wait.
const EVENTS = ["keydown", "pointerdown", "pointermove", "wheel"] as const;

export function watchIdle(ms: number, onIdle: () => void, target: EventTarget = window): () => void {
  if (!(ms > 0)) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, ms);
  };
  for (const e of EVENTS) target.addEventListener(e, arm, { passive: true });
  arm();
  return () => {
    clearTimeout(timer);
    for (const e of EVENTS) target.removeEventListener(e, arm);
  };
}
