import { afterEach, describe, expect, it, vi } from "vitest";
import { watchIdle } from "./idle";

afterEach(() => {
  vi.useRealTimers();
});

describe("idle re-lock", () => {
  it("fires once after the delay without activity, and activity restarts the wait", () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    const onIdle = vi.fn();
    const stop = watchIdle(10 * 60_000, onIdle, target);
    vi.advanceTimersByTime(9 * 60_000);
    target.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(9 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
    target.dispatchEvent(new Event("pointermove"));
    vi.advanceTimersByTime(60 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("never fires when the delay is 0 (never)", () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    watchIdle(0, onIdle, new EventTarget());
    vi.advanceTimersByTime(24 * 3600_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
