// Client-side rate limiting, so that a long export runs at the allowed rate instead of collecting
// 429s. Three sources, each a budget keyed by name:
// - the per-operation budgets the spec records (x-rate-limit), as token buckets;
// - the `account` budget, a token bucket per minute (or RateLimit-Policy's window) sized from
//   X-Rate-Limit / RateLimit-Limit once a response has it;
// - what the server says is left (ratelimit-remaining/-reset, X-Rate-Limit-Remaining, the
//   Zendesk-RateLimit-* header of an operation, 429 Retry-After): a budget the server reports
//   exhausted stays closed until it resets, so requests wait instead of being refused.
import { operationRateLimits } from "./generated/rate-limits.js";
import { sleep } from "./sleep.js";

export interface RateLimitOptions {
  /** Pace each operation by the budget the spec records for it. Default true. */
  operations?: boolean;
  /** Pace all requests by the account limit the server reports. Default true. */
  account?: boolean;
  /** Called before the client waits for a budget. */
  onWait?: (info: WaitInfo) => void;
}

export interface WaitInfo {
  /** `budget`: a client-side bucket is empty; `server`: the server reported nothing left. */
  reason: "budget" | "server";
  /** `account`, or the operation's bucket such as `conversation-log`. */
  bucket: string;
  waitMs: number;
  method: string;
  url: string;
}

/** A token bucket: `capacity` requests per `windowMs`, refilled continuously. */
class Bucket {
  tokens: number;
  constructor(
    public capacity: number,
    public windowMs: number,
    public last: number,
  ) {
    this.tokens = capacity;
  }

  /** Milliseconds until a token is free (0: one is free now). */
  wait(now: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.capacity) / this.windowMs);
    this.last = now;
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * this.windowMs) / this.capacity);
  }

  resize(capacity: number, now: number, windowMs = this.windowMs): void {
    this.wait(now);
    this.tokens = Math.min(this.tokens, capacity);
    this.capacity = capacity;
    this.windowMs = windowMs;
  }
}

const ACCOUNT = "account";
const routes = operationRateLimits.map(([method, path, bucket, limit, windowSeconds, header]) => ({
  method,
  pattern: new RegExp(`${path.replace(/\{[^}]+\}/g, "[^/]+")}(\\.json)?$`),
  bucket,
  limit,
  windowMs: windowSeconds * 1000,
  header,
}));

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  /** When a budget the server reported exhausted opens again (epoch ms). */
  private closed = new Map<string, number>();

  constructor(
    private options: RateLimitOptions,
    private now: () => number = Date.now,
  ) {
    if (options.operations !== false) {
      for (const route of routes) this.buckets.set(route.bucket, new Bucket(route.limit, route.windowMs, now()));
    }
  }

  /** Waits until every budget of this request has room, then spends one from each. */
  async acquire(method: string, url: URL, signal?: AbortSignal | null): Promise<void> {
    const keys = [ACCOUNT, ...this.routes(method, url).map((route) => route.bucket)];
    for (;;) {
      const now = this.now();
      let wait: WaitInfo | undefined;
      for (const bucket of keys) {
        const server = (this.closed.get(bucket) ?? 0) - now;
        const budget = this.buckets.get(bucket)?.wait(now) ?? 0;
        const waitMs = Math.max(server, budget);
        if (waitMs > (wait?.waitMs ?? 0)) {
          wait = { reason: server >= budget ? "server" : "budget", bucket, waitMs, method, url: url.href };
        }
      }
      if (!wait) {
        for (const key of keys) {
          const bucket = this.buckets.get(key);
          if (bucket) bucket.tokens--;
        }
        return;
      }
      this.options.onWait?.(wait);
      await sleep(wait.waitMs, signal);
    }
  }

  /** Learns the account limit and what is left from a response's headers. */
  observe(method: string, url: URL, headers: Headers): void {
    const now = this.now();
    const limit = int(headers.get("x-rate-limit") ?? headers.get("ratelimit-limit"));
    if (limit && this.options.account !== false) {
      // Zendesk's limits are per minute; a server that says otherwise does so in RateLimit-Policy
      // ("60;w=6", IETF rate-limit headers), and its window wins.
      const windowMs = 1000 * (int(/\bw=(\d+)/.exec(headers.get("ratelimit-policy") ?? "")?.[1]) || 60);
      const bucket = this.buckets.get(ACCOUNT);
      if (bucket) bucket.resize(limit, now, windowMs);
      else this.buckets.set(ACCOUNT, new Bucket(limit, windowMs, now));
    }
    const left = int(headers.get("ratelimit-remaining") ?? headers.get("x-rate-limit-remaining"));
    this.closeIf(ACCOUNT, left, int(headers.get("ratelimit-reset")));
    for (const route of this.routes(method, url)) {
      // "total=100; remaining=99; resets=59"
      const value = route.header && headers.get(route.header);
      if (!value) continue;
      const field = (name: string) => int(new RegExp(`${name}=(\\d+)`).exec(value)?.[1]);
      const total = field("total");
      if (total) this.buckets.get(route.bucket)?.resize(total, now);
      this.closeIf(route.bucket, field("remaining"), field("resets"));
    }
  }

  /** A 429 closes the operation's budgets (or the account's) for Retry-After. */
  refused(method: string, url: URL, retryAfterMs: number): void {
    const buckets = this.routes(method, url).map((route) => route.bucket);
    for (const bucket of buckets.length ? buckets : [ACCOUNT]) this.close(bucket, this.now() + retryAfterMs);
  }

  private closeIf(bucket: string, left: number | undefined, resetSeconds: number | undefined): void {
    if (left !== undefined && left <= 0 && resetSeconds !== undefined)
      this.close(bucket, this.now() + resetSeconds * 1000);
  }

  private close(bucket: string, until: number): void {
    this.closed.set(bucket, Math.max(until, this.closed.get(bucket) ?? 0));
  }

  private routes(method: string, url: URL) {
    return routes.filter((route) => route.method === method && route.pattern.test(url.pathname));
  }
}

function int(value: string | null | undefined): number | undefined {
  return value != null && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined;
}
