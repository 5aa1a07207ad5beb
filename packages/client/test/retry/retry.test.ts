import { describe, expect, it } from "vitest";
import {
  ApiError,
  createClient,
  NetworkError,
  RateLimitError,
  type RetryInfo,
  SecurityError,
  TimeoutError,
} from "../../src/index.js";
import { backoffMs, canRetryNetworkError, canRetryStatus, isIdempotent, parseRetryAfter } from "../../src/retry.js";
import { testClock } from "../support/clock.js";
import { BASE, EMAIL, FAST, fakeFetch, json, networkError, sideConversation, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };
const ok = () => json({ side_conversation: sideConversation });
const created = () => json({ side_conversation: sideConversation }, 201);
const message = { to: [{ email: "someone@example.com" }], body: "Hi" };

function client(fetch: typeof globalThis.fetch, extra: object = {}) {
  const retries: RetryInfo[] = [];
  const zd = createClient({
    baseUrl: BASE,
    auth,
    fetch,
    rateLimit: false,
    ...FAST,
    ...extra,
    retry: { ...FAST.retry, onRetry: (info) => retries.push(info), ...((extra as { retry?: object }).retry ?? {}) },
  });
  return { zd, retries };
}

describe("retries of GET and PUT", () => {
  it.each([429, 500, 502, 503, 504])("retries a GET answered %i, then returns the success", async (status) => {
    const fetch = fakeFetch(json({ error: "Oops" }, status), ok());
    const { zd, retries } = client(fetch);
    await expect(zd.sideConversations.show(42, sideConversation.id)).resolves.toEqual({
      side_conversation: sideConversation,
    });
    expect(fetch.calls).toHaveLength(2);
    expect(retries).toEqual([expect.objectContaining({ attempt: 1, method: "GET", reason: `status ${status}` })]);
  });

  it.each([400, 401, 403, 404, 422, 501])("does not retry a GET answered %i", async (status) => {
    const fetch = fakeFetch(json({ error: "No" }, status));
    const { zd } = client(fetch);
    await expect(zd.sideConversations.show(42, sideConversation.id)).rejects.toMatchObject({
      name: "ApiError",
      status,
    });
    expect(fetch.calls).toHaveLength(1);
  });

  it("retries a PUT after a reset connection", async () => {
    const fetch = fakeFetch(networkError("ECONNRESET"), ok());
    const { zd } = client(fetch);
    await zd.sideConversations.close(42, sideConversation.id);
    expect(fetch.calls.map((call) => call.method)).toEqual(["PUT", "PUT"]);
    expect(fetch.calls[1]?.body).toBe('{"side_conversation":{"state":"closed"}}');
  });

  it("gives up after the configured retries with the last answer as a typed error", async () => {
    const fetch = fakeFetch(json({ error: "Down" }, 503, { "x-zendesk-request-id": "req-9" }));
    const { zd, retries } = client(fetch, { retry: { retries: 2 } });
    const error = await zd.sideConversations.show(42, sideConversation.id).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, code: "Down", requestId: "req-9" });
    expect(fetch.calls).toHaveLength(3);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
  });

  it("retries a network error of a GET and reports it typed when retries run out", async () => {
    const fetch = fakeFetch(networkError("ECONNRESET"));
    const { zd } = client(fetch, { retry: { retries: 1 } });
    const error = await zd.sideConversations.show(42, sideConversation.id).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ECONNRESET", method: "GET" });
    expect(error.message).toContain("ECONNRESET");
    expect(fetch.calls).toHaveLength(2);
  });

  it("retries a body that stops midway, because the transport reads it whole", async () => {
    const truncated = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"side_conversation":{"id":"85'));
            controller.error(new TypeError("terminated"));
          },
        }),
        { status: 200 },
      );
    const fetch = fakeFetch(truncated, ok());
    const { zd } = client(fetch);
    await expect(zd.sideConversations.show(42, sideConversation.id)).resolves.toEqual({
      side_conversation: sideConversation,
    });
    expect(fetch.calls).toHaveLength(2);
  });

  it("does not retry when retry is false", async () => {
    const fetch = fakeFetch(json({}, 503));
    const zd = createClient({ baseUrl: BASE, auth, fetch, retry: false, rateLimit: false });
    await expect(zd.sideConversations.show(42, sideConversation.id)).rejects.toMatchObject({ status: 503 });
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("POST is never repeated once it may have reached the server", () => {
  it.each([500, 502, 503, 504])("does not retry a create answered %i", async (status) => {
    const fetch = fakeFetch(json({ error: "Oops" }, status), created());
    const { zd } = client(fetch);
    await expect(zd.sideConversations.create(42, message)).rejects.toMatchObject({ status });
    expect(fetch.calls).toHaveLength(1);
  });

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"])(
    "does not retry a reply whose connection broke (%s)",
    async (code) => {
      const fetch = fakeFetch(networkError(code), created());
      const { zd } = client(fetch);
      await expect(zd.sideConversations.reply(42, sideConversation.id, message)).rejects.toBeInstanceOf(NetworkError);
      expect(fetch.calls).toHaveLength(1);
    },
  );

  it("does not retry a POST that timed out", async () => {
    const fetch = fakeFetch(
      (sent) => new Promise((_, reject) => sent.signal?.addEventListener("abort", () => reject(sent.signal?.reason))),
    );
    const { zd } = client(fetch, { timeoutMs: 20 });
    await expect(zd.sideConversations.create(42, message)).rejects.toBeInstanceOf(TimeoutError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("retries a POST the server refused with 429, sending the same body", async () => {
    const fetch = fakeFetch(json({}, 429, { "retry-after": "0" }), created());
    const { zd } = client(fetch);
    await zd.sideConversations.create(42, message);
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls[1]?.body).toBe(fetch.calls[0]?.body);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])(
    "retries a POST whose connection never opened (%s)",
    async (code) => {
      const fetch = fakeFetch(networkError(code), created());
      const { zd } = client(fetch);
      await zd.sideConversations.create(42, message);
      expect(fetch.calls).toHaveLength(2);
    },
  );
});

describe("429 and Retry-After", () => {
  it("waits for Retry-After in seconds, on the clock it is given", async () => {
    const fetch = fakeFetch(json({}, 429, { "retry-after": "1" }), ok());
    const time = testClock();
    const { zd, retries } = client(fetch, { clock: time.clock });
    await zd.sideConversations.show(42, sideConversation.id);
    expect(retries[0]?.delayMs).toBe(1000);
    expect(time.slept).toEqual([1000]);
    expect(fetch.calls).toHaveLength(2);
  });

  it("reads a Retry-After date against the clock it is given", async () => {
    const time = testClock();
    const at = new Date(time.clock.now() + 30_000).toUTCString();
    const fetch = fakeFetch(json({}, 429, { "retry-after": at }), ok());
    const { zd } = client(fetch, { clock: time.clock });
    await zd.sideConversations.show(42, sideConversation.id);
    expect(time.slept).toEqual([30_000]);
  });

  it("refuses a clock without now() and sleep(), naming the option", () => {
    expect(() => client(fakeFetch(ok()), { clock: { now: () => 0 } })).toThrow(
      /clock .*must have now\(\) and sleep\(ms, signal\)/,
    );
  });

  it("reads Retry-After as an HTTP date", () => {
    const now = Date.parse("2026-11-21T10:00:00Z");
    expect(parseRetryAfter("Sat, 21 Nov 2026 10:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 09:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(" 2.5 ", now)).toBe(2500);
  });

  it.each([null, "", "soon", "-5", "NaN", "1e3"])("falls back to backoff for an unreadable Retry-After %j", (value) => {
    expect(parseRetryAfter(value)).toBeUndefined();
  });

  it("throws a RateLimitError at once when Retry-After is absurdly long", async () => {
    const fetch = fakeFetch(json({ error: "APIRateLimitExceeded" }, 429, { "retry-after": "86400" }));
    const { zd } = client(fetch);
    const error = await zd.sideConversations.show(42, sideConversation.id).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(86_400_000);
    expect(error.message).toContain("86400 s");
    expect(fetch.calls).toHaveLength(1);
  });

  it("maps a final 429 to a RateLimitError with the wait the server asked for", async () => {
    const fetch = fakeFetch(json({ error: "APIRateLimitExceeded" }, 429, { "retry-after": "0" }));
    const { zd } = client(fetch, { retry: { retries: 1 } });
    const error = await zd.sideConversations.show(42, sideConversation.id).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "APIRateLimitExceeded", retryAfterMs: 0 });
    expect(fetch.calls).toHaveLength(2);
  });
});

describe("backoff", () => {
  it("grows exponentially with full jitter and stays under the cap", () => {
    const options = { minDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, options, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, options, () => 0)).toBe(0);
    expect(backoffMs(30, options, () => 0.5)).toBe(500);
  });
});

describe("timeouts and aborts", () => {
  const hang = () =>
    fakeFetch(
      (sent) => new Promise((_, reject) => sent.signal?.addEventListener("abort", () => reject(sent.signal?.reason))),
    );

  it("turns a slow answer into a TimeoutError after the retries", async () => {
    const fetch = hang();
    const { zd } = client(fetch, { timeoutMs: 20, retry: { retries: 1 } });
    const error = await zd.sideConversations.show(42, sideConversation.id).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 20, method: "GET" });
    expect(fetch.calls).toHaveLength(2);
  });

  it("stops at once when the caller aborts, with the caller's reason", async () => {
    const fetch = hang();
    const { zd } = client(fetch);
    const controller = new AbortController();
    const pending = zd.sideConversations.show(42, sideConversation.id, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user cancelled")), 10);
    await expect(pending).rejects.toThrow("user cancelled");
    expect(fetch.calls).toHaveLength(1);
  });

  it("stops waiting for a retry when the caller aborts", async () => {
    const fetch = fakeFetch(json({}, 429, { "retry-after": "30" }));
    const { zd } = client(fetch);
    const controller = new AbortController();
    const pending = zd.sideConversations.show(42, sideConversation.id, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("enough")), 20);
    await expect(pending).rejects.toThrow("enough");
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("origins and redirects", () => {
  it("follows a same-origin redirect with the credentials", async () => {
    const fetch = fakeFetch(
      new Response(null, { status: 301, headers: { location: "/api/v2/tickets/42/side_conversations/x.json" } }),
      ok(),
    );
    const { zd } = client(fetch);
    await zd.sideConversations.show(42, "x");
    expect(fetch.calls[1]?.url).toBe(`${BASE}/api/v2/tickets/42/side_conversations/x.json`);
    expect(fetch.calls[1]?.headers.get("authorization")).toMatch(/^Basic /);
  });

  it("refuses a redirect to another origin without sending anything there", async () => {
    const fetch = fakeFetch(
      new Response(null, { status: 302, headers: { location: "https://evil.example.com/steal" } }),
      ok(),
    );
    const { zd } = client(fetch);
    const error = await zd.sideConversations.show(42, "x").catch((e) => e);
    expect(error).toBeInstanceOf(SecurityError);
    expect(error.message).toContain("https://evil.example.com");
    expect(fetch.calls).toHaveLength(1);
  });

  it("refuses a redirect without a location, and a redirect loop", async () => {
    const { zd } = client(fakeFetch(new Response(null, { status: 302 })));
    await expect(zd.sideConversations.show(42, "x")).rejects.toBeInstanceOf(SecurityError);
    const loop = fakeFetch(new Response(null, { status: 302, headers: { location: "/again" } }));
    await expect(client(loop).zd.sideConversations.show(42, "x")).rejects.toThrow(/at most 5 redirects/);
    expect(loop.calls).toHaveLength(6);
  });

  it("refuses a raw request to another origin before sending it", async () => {
    const fetch = fakeFetch(ok());
    const { zd } = client(fetch);
    await expect(
      zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
        params: { path: { ticket_id: 1 } },
        baseUrl: "https://evil.example.com",
      }),
    ).rejects.toBeInstanceOf(SecurityError);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("which methods and failures are retried", () => {
  it.each([
    ["GET", true],
    ["PUT", true],
    ["HEAD", true],
    ["POST", false],
  ])("%s idempotent: %s", (method, expected) => {
    expect(isIdempotent(method)).toBe(expected);
    expect(canRetryStatus(method, 503)).toBe(expected);
  });

  it.each([
    ["ECONNREFUSED", true],
    ["UND_ERR_CONNECT_TIMEOUT", true],
    ["XECONNREFUSED", false],
    ["ECONNREFUSEDX", false],
    ["ECONNRESET", false],
    [undefined, false],
  ])(
    "a POST whose connection failed with %s is retried: %s (only a connection that never opened)",
    (code, expected) => {
      expect(canRetryNetworkError("POST", code)).toBe(expected);
    },
  );

  it("reads fractional seconds and only HTTP dates from Retry-After", () => {
    const now = Date.parse("2026-11-21T10:00:00Z");
    expect(parseRetryAfter("2.55", now)).toBe(2550);
    // An ISO date is not an HTTP date: the header is unreadable, and backoff applies.
    expect(parseRetryAfter("2026-11-21T10:00:30Z", now)).toBeUndefined();
  });
});
