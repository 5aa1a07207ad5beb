// What the sandbox does to a request before it reaches Prism and the state: the API's rate limits
// (each operation's budget from the spec's `x-rate-limit`, and the account-wide one) and faults on
// demand. Both are off unless asked for; both are decided in the front, where the client's
// connection is, so that a reset or a cut answer is what the client really meets.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Json } from "./store.js";

export interface RateLimitOptions {
  /** How much faster than real time the windows pass: 60 makes a 10-minute window 10 s. Default 1. */
  timeScale?: number;
  /** Requests per minute for the whole account. Default 700 (what the spec's examples report). */
  accountLimit?: number;
  /** Another limit for a bucket of the spec (`side-conversation-messages`, …), for tests. */
  buckets?: Record<string, number>;
}

export interface FaultOptions {
  /** The share of API requests that meet a fault, from 0 to 1. */
  rate: number;
  /** The seed of the sequence of faults: the same seed, the same requests fail. Default 1. */
  seed?: number;
  /** Which faults: answered 500 or 503 (nothing done), reset before any answer (nothing done), or the answer cut midway (done). Default all four. */
  kinds?: FaultKind[];
}

export type FaultKind = "500" | "503" | "reset" | "cut";
export const FAULT_KINDS: FaultKind[] = ["500", "503", "reset", "cut"];

interface Bucket {
  name: string;
  limit: number;
  windowMs: number;
  header?: string;
  used: number;
  resetsAt: number;
}

/** The spec's operations as patterns over the spec's paths, with their `x-rate-limit` budgets. */
function operations(spec: Json) {
  const found: { method: string; pattern: RegExp; limits: Json[] }[] = [];
  for (const [path, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>))
    for (const [method, op] of Object.entries(item)) {
      const limits = (op as Json)?.["x-rate-limit"];
      if (!Array.isArray(limits)) continue;
      found.push({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
        limits: limits as Json[],
      });
    }
  return found;
}

export type GateVerdict = { pass: true; cut: boolean } | { pass: false };

export class Gate {
  readonly #limited: ReturnType<typeof operations>;
  readonly #buckets = new Map<string, Bucket>();
  readonly #scale: number;
  readonly #rates: RateLimitOptions | undefined;
  readonly #faults: FaultOptions | undefined;
  #random: () => number;

  constructor(spec: Json, rates: RateLimitOptions | undefined, faults: FaultOptions | undefined) {
    this.#limited = operations(spec);
    this.#rates = rates;
    this.#scale = rates?.timeScale ?? 1;
    this.#faults = faults;
    this.#random = mulberry32(faults?.seed ?? 1);
  }

  /** Back to full budgets and the start of the fault sequence. */
  reset(): void {
    this.#buckets.clear();
    this.#random = mulberry32(this.#faults?.seed ?? 1);
  }

  #bucket(name: string, limit: number, windowSeconds: number, header?: string): Bucket {
    const now = Date.now();
    let bucket = this.#buckets.get(name);
    if (!bucket || now >= bucket.resetsAt) {
      bucket = {
        name,
        limit,
        windowMs: (windowSeconds * 1000) / this.#scale,
        used: 0,
        resetsAt: 0,
        ...(header && { header }),
      };
      bucket.resetsAt = now + bucket.windowMs;
      this.#buckets.set(name, bucket);
    }
    return bucket;
  }

  /**
   * Decides one request (`path` as the spec spells it): answers it here (429, a fault) and says
   * so, or lets it through, saying whether its answer is to be cut.
   */
  check(incoming: IncomingMessage, outgoing: ServerResponse, path: string): GateVerdict {
    if (this.#rates) {
      const buckets = [this.#bucket("account", this.#rates.accountLimit ?? 700, 60)];
      const op = this.#limited.find((o) => o.method === incoming.method && o.pattern.test(path));
      for (const limit of op?.limits ?? []) {
        const name = String(limit.bucket);
        buckets.push(
          this.#bucket(
            name,
            this.#rates.buckets?.[name] ?? Number(limit.limit),
            Number(limit.windowSeconds),
            limit.header as string | undefined,
          ),
        );
      }
      const [account, own] = [buckets[0] as Bucket, buckets.at(-1) as Bucket];
      const spent = buckets.find((bucket) => bucket.used >= bucket.limit);
      if (spent) {
        const retryAfter = Math.max(1, Math.ceil((spent.resetsAt - Date.now()) / 1000));
        const body = JSON.stringify({
          error: "APIRateLimitExceeded",
          description: `The ${spent.name} limit of ${spent.limit} requests is spent; try again in ${retryAfter} s`,
        });
        outgoing.writeHead(429, {
          ...rateHeaders(account, own),
          "retry-after": String(retryAfter),
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "x-zendesk-request-id": "sideconvo-sandbox-429",
        });
        outgoing.end(body);
        return { pass: false };
      }
      for (const bucket of buckets) bucket.used++;
      for (const [name, value] of Object.entries(rateHeaders(account, own))) outgoing.setHeader(name, value);
    }
    if (this.#faults && this.#faults.rate > 0 && this.#random() < this.#faults.rate) {
      const kinds = this.#faults.kinds?.length ? this.#faults.kinds : FAULT_KINDS;
      const kind = kinds[Math.floor(this.#random() * kinds.length)] as FaultKind;
      if (kind === "cut") return { pass: true, cut: true };
      if (kind === "reset") {
        incoming.socket.destroy();
        return { pass: false };
      }
      const body = JSON.stringify({
        error: { title: "Sandbox fault", message: `a ${kind} answer on demand (faults.rate ${this.#faults.rate})` },
      });
      outgoing.writeHead(Number(kind), {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      outgoing.end(body);
      return { pass: false };
    }
    return { pass: true, cut: false };
  }
}

/** The headers the API sends about its limits: account-wide, and the operation's own bucket. */
function rateHeaders(account: Bucket, own: Bucket): Record<string, string> {
  const remaining = (bucket: Bucket) => String(Math.max(0, bucket.limit - bucket.used));
  const resets = (bucket: Bucket) => String(Math.max(0, Math.ceil((bucket.resetsAt - Date.now()) / 1000)));
  const headers: Record<string, string> = {
    "x-rate-limit": String(account.limit),
    "x-rate-limit-remaining": remaining(account),
    "ratelimit-limit": String(own.limit),
    "ratelimit-remaining": remaining(own),
    "ratelimit-reset": resets(own),
  };
  if (own.header)
    headers[own.header.toLowerCase()] = `total=${own.limit}; remaining=${remaining(own)}; resets=${resets(own)}`;
  return headers;
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
