// The time the client waits by: a retry's delay, a Retry-After, a rate-limit budget. Injected
// through `createClient({ clock })`, so that a test advances time instead of waiting for it.
import { sleep } from "./sleep.js";

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal | null): Promise<void>;
}

/**
 * The system's clock: `Date.now()` and a timer, both looked up at each call (a test library may
 * put its own in place after this module loaded).
 */
export const systemClock: Clock = { now: () => Date.now(), sleep };
