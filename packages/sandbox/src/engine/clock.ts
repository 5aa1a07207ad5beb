// The sandbox's time: a base clock (the real one by default) plus an offset that tests move
// forward, so that an export's seconds or a rate-limit window can be tested without waiting.

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
}

export class SandboxClock implements Clock {
  #offset = 0;
  readonly #base: Clock;

  constructor(base: Clock = { now: () => Date.now() }) {
    this.#base = base;
  }

  now(): number {
    return this.#base.now() + this.#offset;
  }

  /** Moves the sandbox's time forward by `ms` milliseconds (never back). */
  advance(ms: number): void {
    if (!(typeof ms === "number" && Number.isFinite(ms) && ms >= 0))
      throw new RangeError(`advance(ms) takes a number of milliseconds, 0 or more, got ${JSON.stringify(ms)}`);
    this.#offset += ms;
  }

  /** The time now, as the API writes it (ISO 8601, UTC). */
  iso(): string {
    return new Date(this.now()).toISOString();
  }
}
