import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createClient,
  createSideconvoFetch,
  RateLimitError,
  ResponseError,
  ResponseTooLargeError,
} from "../../src/index.js";
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
    // 10,000 tokens learnt, the latest 64 kept (and the configured secret, always): the list stays
    // that size, so redacting stays as cheap as at the start.
    expect(redact("token-9936-abcdef token-9935-abcdef token-0-abcdef fixed-secret-value")).toBe(
      "[REDACTED] token-9935-abcdef token-0-abcdef [REDACTED]",
    );
  });
});

describe("redirects: the method a server asks for", () => {
  const send = (fetch: typeof globalThis.fetch) =>
    createSideconvoFetch({ baseUrl: BASE, auth: { oauthToken: OAUTH }, fetch, rateLimit: false, retry: false });
  const moved = (status: number) => new Response(null, { status, headers: { location: "/api/v2/answer" } });
  const post = { method: "POST", body: '{"x":1}', headers: { "content-type": "application/json" } };

  it.each([
    [303, "POST", "GET", ""],
    [303, "PUT", "GET", ""],
    [302, "POST", "GET", ""],
    [301, "POST", "GET", ""],
    [307, "POST", "POST", '{"x":1}'],
    [308, "PUT", "PUT", '{"x":1}'],
    [302, "PUT", "PUT", '{"x":1}'],
  ])("a %i after a %s is followed with %s", async (status, method, followed, body) => {
    const fetch = fakeFetch(moved(status), json({ ok: true }));
    const response = await send(fetch)(`${BASE}/api/v2/thing`, { ...post, method });
    expect(response.status).toBe(200);
    const second = fetch.calls[1];
    expect([second?.method, second?.url, second?.body]).toEqual([followed, `${BASE}/api/v2/answer`, body]);
    expect(second?.headers.get("authorization")).toBe(`Bearer ${OAUTH}`);
    if (followed === "GET") expect(second?.headers.has("content-type")).toBe(false);
  });
});

describe("maxResponseBytes: a body past it is a ResponseTooLargeError, never read whole", () => {
  const client = (fetch: typeof globalThis.fetch, maxResponseBytes?: number) =>
    createSideconvoFetch({
      baseUrl: BASE,
      auth: { oauthToken: OAUTH },
      fetch,
      rateLimit: false,
      ...(maxResponseBytes !== undefined && { maxResponseBytes }),
    });

  it("a declared length past it: refused before reading, not retried", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const fetch = fakeFetch(
      () =>
        new Response(body, {
          headers: { "content-type": "application/json", "content-length": "5000000", "x-zendesk-request-id": "r-1" },
        }),
    );
    const error = await client(fetch, 1_000_000)(`${BASE}/api/v2/big`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseTooLargeError).message).toBe(
      "the answer's body is 5000000 bytes, over maxResponseBytes (1000000)",
    );
    expect(error).toMatchObject({ maxResponseBytes: 1_000_000, requestId: "r-1", status: 200 });
    expect(fetch.calls).toHaveLength(1);
    expect(pulled).toBeLessThanOrEqual(1); // a stream pulls once ahead; nothing more is read
  });

  it("a body of unknown length that never ends: read until it passes the cap, then cancelled", async () => {
    let pulled = 0;
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(`[${"1,".repeat(5000)}`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const fetch = fakeFetch(() => new Response(endless, { headers: { "content-type": "application/json" } }));
    const error = await client(fetch, 100_000)(`${BASE}/api/v2/endless`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toBe(
      "the answer's body is more than 100000 bytes, over maxResponseBytes (100000)",
    );
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThanOrEqual(12); // 10,001 bytes a pull: cut off at the 11th, one pulled ahead
    expect(fetch.calls).toHaveLength(1);
  });

  it("a body of unknown length within it is read whole, byte for byte, in text and in bytes", async () => {
    const text = `{"name":"${"雪".repeat(20_000)}"}`;
    const chunked = (bytes: Uint8Array) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          // Cut in pieces of 7 bytes: characters split across pieces come out whole.
          for (let at = 0; at < bytes.length; at += 7) controller.enqueue(bytes.slice(at, at + 7));
          controller.close();
        },
      });
    const encoded = new TextEncoder().encode(text);
    const fetch = fakeFetch(
      () => new Response(chunked(encoded), { headers: { "content-type": "application/json" } }),
      () => new Response(chunked(encoded), { headers: { "content-type": "application/octet-stream" } }),
    );
    const send = client(fetch, encoded.length);
    expect(await (await send(`${BASE}/a`)).text()).toBe(text);
    expect(new Uint8Array(await (await send(`${BASE}/b`)).arrayBuffer())).toEqual(encoded);
  });

  it.each([0, -1, 1.5, Number.NaN, "1000", 2 ** 60])("maxResponseBytes %s is refused, naming it", (value) => {
    expect(() =>
      createClient({ baseUrl: BASE, auth: { oauthToken: OAUTH }, maxResponseBytes: value as number }),
    ).toThrow(/^maxResponseBytes must be a positive whole number of bytes \(got /);
  });
});
