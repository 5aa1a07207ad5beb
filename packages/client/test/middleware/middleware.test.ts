import type { Middleware } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createClient } from "../../src/index.js";
import { BASE, EMAIL, fakeFetch, json, secretForms, sideConversation, TOKEN } from "../support/fake-fetch.js";

// zd.use() is openapi-fetch's: a middleware sees each call of a helper once, before the client's
// fetch adds credentials, and the final answer after any retry. What it changes on the request is
// sent on every attempt.
const auth = { email: EMAIL, apiToken: TOKEN };
const page = (n: number, next: string | null) => ({
  side_conversations: [{ ...sideConversation, id: `sc-${n}` }],
  next_page: next,
});

function recorder() {
  const seen: { method: string; url: string; schemaPath: string; headers: string }[] = [];
  const statuses: number[] = [];
  const middleware: Middleware = {
    onRequest({ request, schemaPath }) {
      seen.push({
        method: request.method,
        url: request.url,
        schemaPath,
        // What a logging middleware would write out: every header it is handed.
        headers: JSON.stringify([...request.headers]),
      });
      request.headers.set("x-trace-id", `trace-${seen.length}`);
      return request;
    },
    onResponse({ response }) {
      statuses.push(response.status);
    },
  };
  return { middleware, seen, statuses };
}

describe("middleware added with zd.use()", () => {
  it("sees every page request of an iterator, a retried one included, with no credentials", async () => {
    const retried: string[] = [];
    const fetch = fakeFetch(
      json(page(1, `${BASE}/api/v2/tickets/42/side_conversations.json?page=2`)),
      json({ error: "ServiceUnavailable" }, 503),
      json(page(2, null)),
    );
    const zd = createClient({
      baseUrl: BASE,
      auth,
      fetch,
      rateLimit: false,
      retry: { minDelayMs: 1, maxDelayMs: 2, onRetry: (info) => retried.push(info.reason) },
    });
    const { middleware, seen, statuses } = recorder();
    zd.use(middleware);

    const ids: string[] = [];
    for await (const sc of zd.iterate.sideConversations(42)) ids.push(sc.id ?? "");

    expect(ids).toEqual(["sc-1", "sc-2"]);
    expect(seen.map(({ method, url, schemaPath }) => ({ method, url, schemaPath }))).toEqual([
      {
        method: "GET",
        url: `${BASE}/api/v2/tickets/42/side_conversations`,
        schemaPath: "/api/v2/tickets/{ticket_id}/side_conversations",
      },
      {
        method: "GET",
        url: `${BASE}/api/v2/tickets/42/side_conversations.json?page=2`,
        schemaPath: "/api/v2/tickets/{ticket_id}/side_conversations",
      },
    ]);
    // The 503 was retried below the middleware: it saw the final answer of each call.
    expect(retried).toEqual(["status 503"]);
    expect(statuses).toEqual([200, 200]);
    // Three requests went out; the middleware's header is on each, the retry included.
    expect(fetch.calls.map((call) => call.headers.get("x-trace-id"))).toEqual(["trace-1", "trace-2", "trace-2"]);
    expect(fetch.calls.every((call) => call.headers.get("authorization")?.startsWith("Basic "))).toBe(true);
    const logged = seen.map((entry) => entry.headers).join("\n");
    expect(logged).not.toMatch(/authorization/i);
    for (const secret of secretForms()) expect(logged).not.toContain(secret);
  });

  it("sees a helper's POST once, body and all, and stops seeing calls after zd.eject()", async () => {
    const fetch = fakeFetch(json({ side_conversation: sideConversation }, 201));
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, retry: false });
    const bodies: unknown[] = [];
    const middleware: Middleware = {
      async onRequest({ request }) {
        bodies.push(await request.clone().json());
      },
    };
    zd.use(middleware);
    const message = { body: "hi", to: [{ email: "a@example.com" }] };
    await zd.sideConversations.create(42, message);
    zd.eject(middleware);
    await zd.sideConversations.create(42, message);
    expect(bodies).toEqual([{ message }]);
    expect(fetch.calls).toHaveLength(2);
  });

  it("can answer a call itself, and the helper still checks that answer", async () => {
    const fetch = fakeFetch(json({}));
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, retry: false });
    zd.use({ onRequest: () => new Response(JSON.stringify({ error: "RecordNotFound" }), { status: 404 }) });
    await expect(zd.sideConversations.show(42, "sc-1")).rejects.toMatchObject({
      name: "ApiError",
      status: 404,
      code: "RecordNotFound",
    });
    expect(fetch.calls).toHaveLength(0);
  });
});
