// A clock for the client's `clock` option: time is advanced, never waited for.
import type { Clock } from "../../src/index.js";

export const START = Date.parse("2026-11-21T10:00:00Z");

/**
 * `auto` (the default): each sleep advances `now` by its length at once and resolves, so a retry
 * or a budget wait costs no wall time and `slept` says what was waited. Manual (`auto: false`):
 * sleeps stay pending until `advance` moves `now` past their end, as a real clock would.
 */
export function testClock({ auto = true, start = START } = {}) {
  let now = start;
  const slept: number[] = [];
  const pending: { until: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep(ms, signal) {
      signal?.throwIfAborted();
      slept.push(ms);
      if (auto) {
        now += ms;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const entry = { until: now + ms, resolve };
        pending.push(entry);
        signal?.addEventListener("abort", () => {
          pending.splice(pending.indexOf(entry), 1);
          reject(signal.reason);
        });
      });
    },
  };
  return {
    clock,
    slept,
    /** Milliseconds the clock has moved since it started. */
    elapsed: () => now - start,
    /** How many sleeps are waiting (manual clock). */
    waiting: () => pending.length,
    /** Moves the clock on and wakes each sleep that has ended, then lets their continuations run. */
    async advance(ms: number) {
      now += ms;
      for (const entry of pending.filter((p) => p.until <= now)) {
        pending.splice(pending.indexOf(entry), 1);
        entry.resolve();
      }
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
  };
}
