import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, RateLimitError } from "../../src/index.js";
import { createRedactor, scrub } from "../../src/redact.js";
import { sleep } from "../../src/sleep.js";
import { testClock } from "../support/clock.js";
import { BASE, fakeFetch, json, OAUTH } from "../support/fake-fetch.js";

// What one server header, one slow token provider or one caller's timeout can do to a call: the
// call is bounded by what the caller set, and rejects with the caller's own reason.
const page = { side_conversations: [], next_page: null, previous_page: null, count: 0 };

describe("the client is bounded by what the caller set", () => {
  afterEach(() => vi.useRealTimers());

  it.each([
    [
      "a reset of 1e9 seconds",
      { "ratelimit-remaining": "0", "ratelimit-reset": "1000000000", "ratelimit-limit": "100" },
    ],
    [
      "a reset past what a Date holds",
      { "ratelimit-remaining": "0", "ratelimit-reset": "900000000000000", "ratelimit-limit": "100" },
    ],
  ])("%s: the next call fails at once with a RateLimitError naming the reset, nothing waited", async (_, headers) => {
    const { clock, slept } = testClock();
    const fetch = fakeFetch(json(page, 200, headers));
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: OAUTH }, fetch, clock });
    await zd.sideConversations.list(42);
    const error = await zd.sideConversations.list(42).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).message).toMatch(
      /would wait \d+ s for the rate-limit budget "\w+" \(it resets at .+\), longer than retry\.maxRetryAfterMs \(600000 ms\)/,
    );
    expect(slept).toEqual([]); // not one wait started
    expect(fetch.calls).toHaveLength(1);
  });

  it("a wait within maxRetryAfterMs is still waited out", async () => {
    const { clock, slept } = testClock();
    const fetch = fakeFetch(
      json(page, 200, { "ratelimit-remaining": "0", "ratelimit-reset": "30", "ratelimit-limit": "100" }),
    );
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: OAUTH }, fetch, clock });
    await zd.sideConversations.list(42);
    await zd.sideConversations.list(42);
    expect(slept).toEqual([30_000]);
  });

  it("the caller's AbortSignal.timeout() is what the call rejects with: a TimeoutError DOMException, not a TypeError", async () => {
    const hanging: typeof globalThis.fetch = (_input, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: OAUTH }, fetch: hanging });
    const error = await zd.sideConversations
      .list(42, { signal: AbortSignal.timeout(20) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("TimeoutError");
  });

  it("a token provider that never settles gives way to the caller's abort, with the caller's reason", async () => {
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: () => new Promise<string>(() => {}) } });
    const controller = new AbortController();
    const reason = new Error("the caller gave up");
    setTimeout(() => controller.abort(reason), 20);
    await expect(zd.sideConversations.list(42, { signal: controller.signal })).rejects.toBe(reason);
  });

  it("a wait longer than setTimeout holds is waited in steps, not fired after 1 ms", async () => {
    vi.useFakeTimers();
    let done = false;
    void sleep(2 ** 31 + 5_000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(2 ** 31 + 5_000);
    expect(done).toBe(true);
  });
});

describe("secrets stay out of every part of an error", () => {
  it("error.details and JSON.stringify(error) are redacted like the message", async () => {
    const fetch = fakeFetch(
      json(
        { error: "RecordInvalid", description: `bad ${OAUTH}`, details: { to: [{ description: `token ${OAUTH}` }] } },
        422,
      ),
    );
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: OAUTH }, fetch, retry: false });
    const error = await zd.sideConversations.list(42).catch((caught: unknown) => caught);
    const seen =
      JSON.stringify(error) +
      String((error as Error).message) +
      JSON.stringify((error as { details?: unknown }).details);
    expect(seen).toContain("[REDACTED]");
    expect(seen).not.toContain(OAUTH);
  });

  it("the redactor stays bounded when a provider gives a new token per request, and still redacts the latest", () => {
    const redact = createRedactor(["fixed-secret-value"]);
    for (let n = 0; n < 10_000; n++) redact.remember(`token-${n}-abcdef`);
    const error = scrub(new Error("token-9999-abcdef and fixed-secret-value"), redact) as Error;
    expect(error.message).toBe("[REDACTED] and [REDACTED]");
    // Time to redact stays that of a bounded list: 10,000 tokens learnt, the latest 64 kept.
    const started = performance.now();
    for (let n = 0; n < 1_000; n++) redact("a message of ordinary length with nothing secret in it at all");
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
