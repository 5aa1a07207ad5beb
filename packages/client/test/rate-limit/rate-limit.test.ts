import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createClient, type WaitInfo } from "../../src/index.js";
import { createRateLimiter, type RateLimiter } from "../../src/rate-limit.js";
import { testClock } from "../support/clock.js";
import { BASE, EMAIL, FAST, fakeFetch, json, TOKEN } from "../support/fake-fetch.js";

const url = (path: string) => new URL(`${BASE}${path}`);
const CREATE = url("/api/v2/tickets/42/side_conversations");
const REPLY = url("/api/v2/tickets/42/side_conversations/abc/reply.json");
const LOG = url("/api/v2/tickets/42/conversation_log");
const SHOW = url("/api/v2/tickets/42/side_conversations/abc");

/** Starts `count` acquisitions; resolves to how many finished by now. */
async function acquired(limiter: RateLimiter, method: string, target: URL, count: number) {
  let done = 0;
  const all = Array.from({ length: count }, () => Promise.resolve(limiter.acquire(method, target)).then(() => done++));
  await vi.advanceTimersByTimeAsync(0);
  return { done: () => done, all: Promise.all(all) };
}

describe("rate limiting", () => {
  let waits: WaitInfo[];
  let limiter: RateLimiter;
  beforeEach(() => {
    vi.useFakeTimers();
    waits = [];
    limiter = createRateLimiter({ onWait: (info) => waits.push(info) });
  });
  afterEach(() => vi.useRealTimers());

  it("lets create and reply share the spec's 300 per 10 minutes, then paces them", async () => {
    const first = await acquired(limiter, "POST", CREATE, 200);
    const second = await acquired(limiter, "POST", REPLY, 100);
    expect(first.done() + second.done()).toBe(300);
    const third = await acquired(limiter, "POST", CREATE, 1);
    expect(third.done()).toBe(0);
    expect(waits.at(-1)).toMatchObject({ reason: "budget", bucket: "side-conversation-messages", waitMs: 2000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(third.done()).toBe(1);
  });

  it("does not pace operations without a budget of their own", async () => {
    const shows = await acquired(limiter, "GET", SHOW, 1000);
    expect(shows.done()).toBe(1000);
    expect(waits).toEqual([]);
  });

  it("sizes the account budget from X-Rate-Limit and paces every request by it", async () => {
    limiter.observe("GET", SHOW, new Headers({ "x-rate-limit": "60", "x-rate-limit-remaining": "59" }));
    const burst = await acquired(limiter, "GET", SHOW, 61);
    expect(burst.done()).toBe(60);
    expect(waits.at(-1)).toMatchObject({ reason: "budget", bucket: "account", waitMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(burst.done()).toBe(61);
  });

  it("takes the account budget's window from RateLimit-Policy when the server gives one", async () => {
    limiter.observe("GET", SHOW, new Headers({ "ratelimit-limit": "60", "ratelimit-policy": "60;w=6" }));
    const burst = await acquired(limiter, "GET", SHOW, 61);
    expect(burst.done()).toBe(60);
    expect(waits.at(-1)).toMatchObject({ reason: "budget", bucket: "account", waitMs: 100 }); // 6 s / 60
    await vi.advanceTimersByTimeAsync(100);
    expect(burst.done()).toBe(61);
  });

  it("waits for the reset when the server says nothing is left", async () => {
    limiter.observe("GET", SHOW, new Headers({ "ratelimit-remaining": "0", "ratelimit-reset": "30" }));
    const next = await acquired(limiter, "GET", SHOW, 1);
    expect(next.done()).toBe(0);
    expect(waits.at(-1)).toMatchObject({ reason: "server", bucket: "account", waitMs: 30_000 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(next.done()).toBe(1);
  });

  it("reads the conversation log's own header and closes only that budget", async () => {
    limiter.observe(
      "GET",
      LOG,
      new Headers({ "zendesk-ratelimit-omnilog-index": "total=300; remaining=0; resets=12" }),
    );
    const other = await acquired(limiter, "GET", SHOW, 1);
    expect(other.done()).toBe(1);
    const log = await acquired(limiter, "GET", LOG, 1);
    expect(log.done()).toBe(0);
    expect(waits.at(-1)).toMatchObject({ reason: "server", bucket: "conversation-log", waitMs: 12_000 });
    await vi.advanceTimersByTimeAsync(12_000);
    expect(log.done()).toBe(1);
    // total=300 (high-volume add-on) widened the bucket from the spec's 100 a minute to 300:
    // the 100 tokens it held, plus 12 s at 5 a second, less the one just spent.
    const burst = await acquired(limiter, "GET", LOG, 299);
    expect(burst.done()).toBe(100 + 12 * 5 - 1);
  });

  it("closes the operation's budget for Retry-After after a 429", async () => {
    limiter.refused("GET", LOG, 5000);
    const log = await acquired(limiter, "GET", LOG, 1);
    expect(log.done()).toBe(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(log.done()).toBe(1);
  });

  it("ignores malformed rate-limit headers", async () => {
    limiter.observe(
      "GET",
      LOG,
      new Headers({
        "x-rate-limit": "lots",
        "ratelimit-remaining": "-",
        "zendesk-ratelimit-omnilog-index": "total=; remaining=x",
      }),
    );
    const next = await acquired(limiter, "GET", LOG, 1);
    expect(next.done()).toBe(1);
  });

  it("can leave operation budgets and the account budget off", async () => {
    const free = createRateLimiter({ operations: false, account: false });
    free.observe("GET", SHOW, new Headers({ "x-rate-limit": "1" }));
    const burst = await acquired(free, "POST", CREATE, 400);
    expect(burst.done()).toBe(400);
  });
});

describe("rate limiting through the client", () => {
  it("reports waits through the onWait hook and keeps the export under the server's budget", async () => {
    const waits: WaitInfo[] = [];
    let calls = 0;
    const fetch = fakeFetch(() => {
      calls++;
      // The first answer says the budget is spent and resets in 1 s.
      const headers: Record<string, string> = calls === 1 ? { "ratelimit-remaining": "0", "ratelimit-reset": "1" } : {};
      return json({ events: [], end_time: 10, next_page: null }, 200, headers);
    });
    const time = testClock();
    const zd = createClient({
      baseUrl: BASE,
      auth: { email: EMAIL, apiToken: TOKEN },
      fetch,
      ...FAST,
      clock: time.clock,
      rateLimit: { onWait: (w) => waits.push(w) },
    });
    await zd.sideConversations.exportEvents(1);
    expect(time.slept).toEqual([]);
    await zd.sideConversations.exportEvents(1);
    // The reset the server gave (1 s), waited on the client's clock, before the second request.
    expect(time.slept).toEqual([1000]);
    expect(waits).toEqual([expect.objectContaining({ reason: "server", bucket: "account", waitMs: 1000 })]);
    expect(calls).toBe(2);
  });
});

describe("a 429 holds back the other requests to the same budget", () => {
  it("a concurrent request to the conversation log waits out the Retry-After another one got", async () => {
    // A manual clock: the sleeps stay pending until the test moves time on.
    const time = testClock({ auto: false });
    const sentAt: { path: string; at: number }[] = [];
    let logCalls = 0;
    const fetch = fakeFetch((sent) => {
      const path = new URL(sent.url).pathname;
      sentAt.push({ path, at: time.elapsed() });
      if (path.endsWith("/conversation_log") && ++logCalls === 1) {
        return json({ error: "TooManyRequests" }, 429, { "retry-after": "1" });
      }
      return json({ events: [], meta: { has_more: false }, links: {} });
    });
    const zd = createClient({
      baseUrl: BASE,
      auth: { email: EMAIL, apiToken: TOKEN },
      fetch,
      clock: time.clock,
      retry: { minDelayMs: 1, maxDelayMs: 2 },
    });
    const first = zd.conversationLog.list(42);
    await vi.waitFor(() => expect(time.waiting()).toBe(1), { timeout: 1_000, interval: 5 });
    // Sent once the first has been refused: it must not go out before that Retry-After ends.
    const second = zd.conversationLog.list(43);
    await vi.waitFor(() => expect(time.waiting()).toBe(2), { timeout: 1_000, interval: 5 });
    await time.advance(999);
    expect(sentAt.map((entry) => entry.path)).toEqual(["/api/v2/tickets/42/conversation_log"]);
    await time.advance(1);
    await Promise.all([first, second]);
    expect(sentAt).toEqual([
      { path: "/api/v2/tickets/42/conversation_log", at: 0 },
      expect.objectContaining({ at: 1000 }),
      expect.objectContaining({ at: 1000 }),
    ]);
    expect(sentAt.map((entry) => entry.path)).toContain("/api/v2/tickets/43/conversation_log");
  });
});
