import createFetchClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import {
  createSideconvoFetch,
  NetworkError,
  type paths,
  RateLimitError,
  SecurityError,
  TimeoutError,
} from "../../src/index.js";
import { testClock } from "../support/clock.js";
import { BASE, EMAIL, fakeFetch, json, networkError, TOKEN } from "../support/fake-fetch.js";

// The policy layer on its own: a Request (or fetch's arguments) in, a Response out.
const auth = { email: EMAIL, apiToken: TOKEN };
const make = (fetch: typeof globalThis.fetch, extra: object = {}) =>
  createSideconvoFetch({ baseUrl: BASE, auth, fetch, rateLimit: false, retry: false, ...extra });

describe("createSideconvoFetch", () => {
  it("takes a Request, a URL string with init, or a Request with init, as fetch does", async () => {
    const fetch = fakeFetch(json({ ok: 1 }));
    const send = make(fetch);
    await send(new Request(`${BASE}/a`));
    await send(`${BASE}/b`, { method: "POST", body: '{"x":1}', headers: { "content-type": "application/json" } });
    await send(new Request(`${BASE}/c`, { method: "POST", body: "1" }), { method: "PUT", body: "2" });
    expect(fetch.calls.map(({ method, url, body }) => [method, url, body])).toEqual([
      ["GET", `${BASE}/a`, ""],
      ["POST", `${BASE}/b`, '{"x":1}'],
      ["PUT", `${BASE}/c`, "2"],
    ]);
    expect(fetch.calls.every((call) => call.headers.get("authorization")?.startsWith("Basic "))).toBe(true);
  });

  it("serves a plain openapi-fetch client", async () => {
    const fetch = fakeFetch(json({ side_conversations: [], next_page: null, count: 0 }));
    const api = createFetchClient<paths>({ baseUrl: BASE, fetch: make(fetch) });
    const { data } = await api.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 7 } },
    });
    expect(data?.count).toBe(0);
    expect(fetch.calls[0]?.url).toBe(`${BASE}/api/v2/tickets/7/side_conversations`);
  });

  it("follows a same-origin redirect with the credentials, and answers with the URL that answered", async () => {
    const fetch = fakeFetch(
      new Response(null, { status: 301, headers: { location: "/api/v2/moved" } }),
      json({ moved: true }),
    );
    const response = await make(fetch)(`${BASE}/api/v2/old`);
    expect(await response.json()).toEqual({ moved: true });
    expect(response.url).toBe(`${BASE}/api/v2/moved`);
    expect(fetch.calls.map((call) => call.url)).toEqual([`${BASE}/api/v2/old`, `${BASE}/api/v2/moved`]);
    expect(fetch.calls[1]?.headers.get("authorization")).toMatch(/^Basic /);
  });

  it("refuses a redirect that does not say where to, naming the status and the request id", async () => {
    const fetch = fakeFetch(new Response(null, { status: 302, headers: { "x-zendesk-request-id": "req-7" } }));
    const error = await make(fetch)(`${BASE}/a`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecurityError);
    expect(error).toMatchObject({
      message: "refused a redirect (status 302) that does not say where to",
      requestId: "req-7",
      status: 302,
    });
  });

  it.each([205, 304])("answers a %i with an empty body and a zero length", async (status) => {
    const response = await make(fakeFetch(new Response(null, { status })))(`${BASE}/a`);
    expect([response.status, response.headers.get("content-length"), await response.text()]).toEqual([status, "0", ""]);
  });

  it("rejects with the caller's abort reason, not a network error, when aborted mid-request", async () => {
    const controller = new AbortController();
    const fetch = fakeFetch(
      (sent) =>
        new Promise<Response>((_, reject) => sent.signal?.addEventListener("abort", () => reject(sent.signal?.reason))),
    );
    const pending = make(fetch, { retry: { retries: 3 } })(`${BASE}/a`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("the caller gave up")), 10);
    await expect(pending).rejects.toThrow("the caller gave up");
    expect(fetch.calls).toHaveLength(1);
    // Without retries too: the reason itself, not a NetworkError wrapping it.
    const reason = new Error("gave up again");
    const once = new AbortController();
    const single = make(fetch)(`${BASE}/a`, { signal: once.signal });
    setTimeout(() => once.abort(reason), 10);
    await expect(single).rejects.toBe(reason);
  });

  it("names the timeout it waited for", async () => {
    const fetch = fakeFetch(
      (sent) =>
        new Promise<Response>((_, reject) => sent.signal?.addEventListener("abort", () => reject(sent.signal?.reason))),
    );
    const error = await make(fetch, { timeoutMs: 20 })(`${BASE}/a`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ message: `GET ${BASE}/a got no complete answer within 20 ms`, timeoutMs: 20 });
  });

  it("keeps a system error code only when it is a string", async () => {
    const odd = new TypeError("fetch failed", { cause: Object.assign(new Error("boom"), { code: 42 }) });
    const error = await make(fakeFetch(odd))(`${BASE}/a`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBeUndefined();
    const named = await make(fakeFetch(networkError("ECONNRESET")))(`${BASE}/a`).catch((caught: unknown) => caught);
    expect((named as NetworkError).code).toBe("ECONNRESET");
  });

  it("passes a client error thrown by an inner fetch through as it is", async () => {
    const own = new SecurityError("refused by an inner layer");
    await expect(make(fakeFetch(own))(`${BASE}/a`)).rejects.toBe(own);
  });
});

describe("Retry-After", () => {
  it("is waited out when it equals retry.maxRetryAfterMs, and refused when longer", async () => {
    const time = testClock();
    const limit = { retry: { retries: 1, maxRetryAfterMs: 1_000 }, clock: time.clock };
    const exact = fakeFetch(json({}, 429, { "retry-after": "1" }), json({ ok: 1 }));
    expect((await make(exact, limit)(`${BASE}/a`)).status).toBe(200);
    expect(time.slept).toEqual([1_000]);
    const longer = fakeFetch(json({}, 429, { "retry-after": "2" }));
    await expect(make(longer, limit)(`${BASE}/a`)).rejects.toBeInstanceOf(RateLimitError);
    expect(longer.calls).toHaveLength(1);
  });

  it("is only read on a 429: a 503's Retry-After does not hold the retry back", async () => {
    const delays: number[] = [];
    const fetch = fakeFetch(json({}, 503, { "retry-after": "600" }), json({ ok: 1 }));
    const send = make(fetch, {
      retry: {
        retries: 1,
        minDelayMs: 1,
        maxDelayMs: 2,
        onRetry: (info: { delayMs: number }) => delays.push(info.delayMs),
      },
    });
    expect((await send(`${BASE}/a`)).status).toBe(200);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeLessThanOrEqual(2);
  });
});
