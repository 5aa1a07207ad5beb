// The API's rate limits (each operation's budget from the spec's `x-rate-limit`, and the account's)
// and faults on demand, as decisions of the engine on the sandbox's clock. Both are off unless asked for.
import type { SpecOperation } from "@sideconvo/openapi/operations";
import type { Clock } from "./clock.js";
import { fault, rateLimited } from "./problems.js";

export interface RateLimitOptions {
  /** How much faster than real time the windows pass: 60 makes a 10-minute window 10 s. Default 1. */
  timeScale?: number;
  /** Requests per minute for the whole account. Default 700 (what the spec's examples report). */
  accountLimit?: number;
  /** Another limit for a bucket of the spec (`side-conversation-messages`, …), for tests. */
  buckets?: Record<string, number>;
}

export type FaultKind = "500" | "503" | "reset" | "cut";
export const FAULT_KINDS: FaultKind[] = ["500", "503", "reset", "cut"];

export interface FaultOptions {
  /** The share of API requests that meet a fault, from 0 to 1. */
  rate: number;
  /** The seed of the sequence of faults: the same seed, the same requests fail. Default 1. */
  seed?: number;
  /** Which faults: answered 500 or 503 (nothing done), reset before any answer (nothing done), or the answer cut midway (done). Default all four. */
  kinds?: FaultKind[];
}

interface Bucket {
  name: string;
  limit: number;
  windowMs: number;
  header?: string;
  used: number;
  resetsAt: number;
}

/** What the gate decided: headers for the answer, and a transport fault for the face to act out. */
export interface Passage {
  headers: Record<string, string>;
  /** `reset`: close the connection, answer nothing (nothing done). `cut`: do it, then cut the answer midway. */
  transport?: "reset" | "cut";
}

export class Gate {
  readonly #buckets = new Map<string, Bucket>();
  readonly #rates: RateLimitOptions | undefined;
  readonly #faults: FaultOptions | undefined;
  readonly #clock: Clock;
  #random: () => number;

  constructor(clock: Clock, rates: RateLimitOptions | undefined, faults: FaultOptions | undefined) {
    this.#clock = clock;
    this.#rates = rates;
    this.#faults = faults;
    this.#random = mulberry32(faults?.seed ?? 1);
  }

  /** Back to full budgets and the start of the fault sequence. */
  reset(): void {
    this.#buckets.clear();
    this.#random = mulberry32(this.#faults?.seed ?? 1);
  }

  #bucket(name: string, limit: number, windowSeconds: number, header?: string): Bucket {
    const now = this.#clock.now();
    let bucket = this.#buckets.get(name);
    if (!bucket || now >= bucket.resetsAt) {
      const windowMs = (windowSeconds * 1000) / (this.#rates?.timeScale ?? 1);
      bucket = { name, limit, windowMs, used: 0, resetsAt: now + windowMs, ...(header && { header }) };
      this.#buckets.set(name, bucket);
    }
    return bucket;
  }

  /** Decides one API request: throws the refusal (429, a fault answer) or lets it pass. */
  pass(op: SpecOperation): Passage {
    const passage: Passage = { headers: {} };
    const rates = this.#rates;
    if (rates) {
      const buckets = [this.#bucket("account", rates.accountLimit ?? 700, 60)];
      for (const limit of op.rateLimits)
        buckets.push(
          this.#bucket(limit.bucket, rates.buckets?.[limit.bucket] ?? limit.limit, limit.windowSeconds, limit.header),
        );
      const [account, own] = [buckets[0] as Bucket, buckets.at(-1) as Bucket];
      const spent = buckets.find((bucket) => bucket.used >= bucket.limit);
      if (spent) {
        const retryAfter = Math.max(1, Math.ceil((spent.resetsAt - this.#clock.now()) / 1000));
        const refusal = rateLimited(
          `The ${spent.name} limit of ${spent.limit} requests is spent; try again in ${retryAfter} s`,
          retryAfter,
        );
        Object.assign(refusal.headers, this.#headers(account, own));
        throw refusal;
      }
      for (const bucket of buckets) bucket.used++;
      passage.headers = this.#headers(account, own);
    }
    const faults = this.#faults;
    if (faults && faults.rate > 0 && this.#random() < faults.rate) {
      const kinds = faults.kinds?.length ? faults.kinds : FAULT_KINDS;
      const kind = kinds[Math.floor(this.#random() * kinds.length)] as FaultKind;
      if (kind === "cut" || kind === "reset") passage.transport = kind;
      else throw fault(Number(kind), faults.rate);
    }
    return passage;
  }

  /** The headers the API sends about its limits: account-wide, and the operation's own bucket. */
  #headers(account: Bucket, own: Bucket): Record<string, string> {
    const remaining = (bucket: Bucket) => String(Math.max(0, bucket.limit - bucket.used));
    const resets = (bucket: Bucket) => String(Math.max(0, Math.ceil((bucket.resetsAt - this.#clock.now()) / 1000)));
    const headers: Record<string, string> = {
      "x-rate-limit": String(account.limit),
      "x-rate-limit-remaining": remaining(account),
      "ratelimit-limit": String(own.limit),
      "ratelimit-remaining": remaining(own),
      "ratelimit-reset": resets(own),
    };
    if (own.header) headers[own.header] = `total=${own.limit}; remaining=${remaining(own)}; resets=${resets(own)}`;
    return headers;
  }
}

/** A small seeded generator (mulberry32): the same seed gives the same sequence. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
