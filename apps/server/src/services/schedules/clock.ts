/**
 * Time as the scheduler and the alert sender see it: injectable, so tests move
 * it by hand instead of waiting (see `manualClock`).
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it. Never keeps the process alive. */
  setTimer(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface ManualClock extends Clock {
  /** Moves time forward, firing each timer due on the way at its own time, and lets the work it starts settle. */
  advance(ms: number): Promise<void>;
  /** Jumps to a time without firing anything: what a stopped server "sees" of the time it was down. */
  set(time: number | Date): void;
  pending(): number;
}

const settle = () => new Promise<void>((r) => setImmediate(r));

/**
 * A clock that stands still until told to move.
 * @example
 *   const clock = manualClock('2024-05-01T00:00:00Z');
 *   await clock.advance(60_000); // timers due in the next minute fire, in order
 */
export function manualClock(start: number | Date | string): ManualClock {
  let now = new Date(start).getTime();
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => void timers.delete(id);
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        const due = [...timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = target;
      await settle();
    },
    set(time) {
      now = new Date(time).getTime();
    },
    pending: () => timers.size,
  };
}
