// Client-side rate limiting, so that a long export runs at the allowed rate instead of collecting
// 429s. Three sources, each a budget keyed by name:
// - the per-operation budgets the spec records (x-rate-limit), as token buckets;
// - the `account` budget, a token bucket per minute (or RateLimit-Policy's window) sized from
//   X-Rate-Limit / RateLimit-Limit once a response has it;
// - what the server says is left (ratelimit-remaining/-reset, X-Rate-Limit-Remaining, the
//   Zendesk-RateLimit-* header of an operation, 429 Retry-After): a budget the server reports
//   exhausted stays closed until it resets, so requests wait instead of being refused.
// Closures rather than classes: their state is local variables, which minifiers shorten.

import { type Clock, systemClock } from "./clock.js";
import { operationRateLimits } from "./generated/rate-limits.js";

/** The parts of a request's URL the limiter reads (a URL has them). */
type Where = { href: string; pathname: string };

export interface RateLimitOptions {
  /** Pace each operation by the budget the spec records for it. Default true. */
  operations?: boolean | undefined;
  /** Pace all requests by the account limit the server reports. Default true. */
  account?: boolean | undefined;
  /** Called before the client waits for a budget. */
  onWait?: ((info: WaitInfo) => void) | undefined;
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
interface Bucket {
  /** Milliseconds until a token is free (0: one is free now). */
  wait(now: number): number;
  take(): void;
  resize(capacity: number, now: number, windowMs?: number): void;
}

function bucket(capacity: number, windowMs: number, last: number): Bucket {
  let tokens = capacity;
  const wait = (now: number) => {
    tokens = Math.min(capacity, tokens + ((now - last) * capacity) / windowMs);
    last = now;
    return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * windowMs) / capacity);
  };
  return {
    wait,
    take: () => tokens--,
    resize(size, now, window = windowMs) {
      wait(now);
      tokens = Math.min(tokens, size);
      capacity = size;
      windowMs = window;
    },
  };
}

const ACCOUNT = "account";
const routes = operationRateLimits.map(([method, path, name, limit, windowSeconds, header]) => ({
  method,
  pattern: new RegExp(`${path.replace(/\{[^}]+\}/g, "[^/]+")}(\\.json)?$`),
  name,
  limit,
  windowMs: windowSeconds * 1000,
  header,
}));

export type RateLimiter = ReturnType<typeof createRateLimiter>;

export function createRateLimiter(options: RateLimitOptions, clock: Clock = systemClock) {
  const now = () => clock.now();
  const buckets = new Map<string, Bucket>();
  /** When a budget the server reported exhausted opens again (epoch ms). */
  const closed = new Map<string, number>();
  const close = (name: string, until: number) => closed.set(name, Math.max(until, closed.get(name) ?? 0));
  const closeIf = (name: string, left?: number, resetSeconds?: number) => {
    if (left !== undefined && left <= 0 && resetSeconds !== undefined) close(name, now() + resetSeconds * 1000);
  };
  // The last answer, kept: a request asks twice (acquire, then observe) for the same path.
  let last: { key: string; found: typeof routes } | undefined;
  const matching = (method: string, url: Where) => {
    const key = `${method} ${url.pathname}`;
    if (last?.key !== key) {
      const found: typeof routes = [];
      for (const route of routes) if (route.method === method && route.pattern.test(url.pathname)) found.push(route);
      last = { key, found };
    }
    return last.found;
  };
  /** Milliseconds until every budget of `names` has room (0: now), and the one that waits longest. */
  const longestWait = (names: string[], at: number, method: string, url: Where) => {
    let wait: WaitInfo | undefined;
    for (const name of names) {
      const server = (closed.get(name) ?? 0) - at;
      const budget = buckets.get(name)?.wait(at) ?? 0;
      const waitMs = Math.max(server, budget);
      if (waitMs > (wait?.waitMs ?? 0)) {
        wait = { reason: server >= budget ? "server" : "budget", bucket: name, waitMs, method, url: url.href };
      }
    }
    return wait;
  };

  if (options.operations !== false) {
    for (const route of routes) buckets.set(route.name, bucket(route.limit, route.windowMs, now()));
  }

  return {
    /**
     * Spends one from each budget of this request when all have room, and returns nothing: the
     * common case costs no promise. Otherwise a promise that waits until they have, then spends.
     */
    acquire(
      method: string,
      url: Where,
      signal?: AbortSignal | null,
      /** Told of each wait before it starts; throws to refuse one (a wait longer than the caller allows). */
      check?: (wait: WaitInfo) => void,
    ): Promise<void> | undefined {
      const names = [ACCOUNT];
      for (const route of matching(method, url)) names.push(route.name);
      let wait = longestWait(names, now(), method, url);
      if (!wait) {
        for (const name of names) buckets.get(name)?.take();
        return undefined;
      }
      const take = () => {
        for (const name of names) buckets.get(name)?.take();
      };
      return (async () => {
        while (wait) {
          check?.(wait);
          options.onWait?.(wait);
          await clock.sleep(wait.waitMs, signal);
          wait = longestWait(names, now(), method, url);
        }
        take();
      })();
    },

    /** Learns the account limit and what is left from a response's headers. */
    observe(method: string, url: Where, headers: Headers): void {
      const at = now();
      const limit = int(headers.get("x-rate-limit") ?? headers.get("ratelimit-limit"));
      if (limit && options.account !== false) {
        // Zendesk's limits are per minute; a server that says otherwise does so in RateLimit-Policy
        // ("60;w=6", IETF rate-limit headers), and its window wins.
        const windowMs = 1000 * (int(/\bw=(\d+)/.exec(headers.get("ratelimit-policy") ?? "")?.[1]) || 60);
        const account = buckets.get(ACCOUNT);
        if (account) account.resize(limit, at, windowMs);
        else buckets.set(ACCOUNT, bucket(limit, windowMs, at));
      }
      closeIf(
        ACCOUNT,
        int(headers.get("ratelimit-remaining") ?? headers.get("x-rate-limit-remaining")),
        int(headers.get("ratelimit-reset")),
      );
      for (const route of matching(method, url)) {
        // "total=100; remaining=99; resets=59"
        const value = route.header && headers.get(route.header);
        if (!value) continue;
        const field = (name: string) => int(new RegExp(`${name}=(\\d+)`).exec(value)?.[1]);
        const total = field("total");
        if (total) buckets.get(route.name)?.resize(total, at);
        closeIf(route.name, field("remaining"), field("resets"));
      }
    },

    /** A 429 closes the operation's budgets (or the account's) for Retry-After. */
    refused(method: string, url: Where, retryAfterMs: number): void {
      const names = matching(method, url).map((route) => route.name);
      for (const name of names.length ? names : [ACCOUNT]) close(name, now() + retryAfterMs);
    },
  };
}

function int(value: string | null | undefined): number | undefined {
  return value != null && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined;
}
