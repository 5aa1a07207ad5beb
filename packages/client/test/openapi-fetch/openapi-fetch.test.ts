import { describe, expect, it } from "vitest";
import { createClient, SecurityError, ValidationError } from "../../src/index.js";
import { BASE, EMAIL, everythingShown, fakeFetch, json, secretForms, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };
const LIST = "/api/v2/tickets/{ticket_id}/side_conversations";
const LOG = "/api/v2/tickets/{ticket_id}/conversation_log";

function make(...script: Parameters<typeof fakeFetch>) {
  const fetch = fakeFetch(...script);
  return { zd: createClient({ baseUrl: BASE, auth, fetch, retry: false, rateLimit: false }), fetch };
}

describe("zd.GET writes paths and queries with openapi-fetch's serializers", () => {
  const ONE = "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}";
  it.each([
    [
      "a path parameter, URI-encoded",
      { path: { ticket_id: 1, side_conversation_id: "a b?c" } },
      "/1/side_conversations/a%20b%3Fc",
    ],
    [
      "a query value",
      { path: { ticket_id: 1, side_conversation_id: "x" }, query: { include: "events" } },
      "/1/side_conversations/x?include=events",
    ],
    [
      "an undefined query value left out",
      { path: { ticket_id: 1, side_conversation_id: "x" }, query: {} },
      "/1/side_conversations/x",
    ],
  ] as const)("%s", async (_, params, expected) => {
    const { zd, fetch } = make(json({ side_conversation: {} }));
    await zd.GET(ONE, { params });
    expect(fetch.calls[0]?.url).toBe(`${BASE}/api/v2/tickets${expected}`);
  });

  it.each([".", ".."])("refuses the dot segment %j as a path parameter, sending nothing", async (value) => {
    const { zd, fetch } = make(json({}));
    await expect(zd.GET(ONE, { params: { path: { ticket_id: 1, side_conversation_id: value } } })).rejects.toThrow(
      new ValidationError("params.path.side_conversation_id", value, "must not be a dot segment"),
    );
    expect(fetch.calls).toHaveLength(0);
  });

  it.each([undefined, null, ""])("refuses a missing path parameter (%j) by name, sending nothing", async (value) => {
    const { zd, fetch } = make(json({}));
    const params = { path: { ticket_id: value } } as never;
    await expect(zd.GET(LIST, { params })).rejects.toThrow(
      new ValidationError("params.path.ticket_id", value, "is required"),
    );
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("zd.GET / zd.POST / zd.PUT", () => {
  it("sends a JSON body with its content type and returns { data, response }", async () => {
    const { zd, fetch } = make(json({ side_conversation: { id: "x" } }, 201, { "x-zendesk-request-id": "r1" }));
    const { data, error, response } = await zd.POST(LIST, {
      params: { path: { ticket_id: 42 } },
      body: { message: { to: [{ email: "a@example.com" }], body: "hi" } },
    });
    expect(error).toBeUndefined();
    expect(data).toEqual({ side_conversation: { id: "x" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-zendesk-request-id")).toBe("r1");
    const [sent] = fetch.calls;
    expect(sent?.url).toBe(`${BASE}/api/v2/tickets/42/side_conversations`);
    expect(sent?.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ message: { to: [{ email: "a@example.com" }], body: "hi" } });
  });

  it("writes the conversation log's deepObject page parameter", async () => {
    const { zd, fetch } = make(json({ events: [], meta: { has_more: false }, links: {} }));
    await zd.GET(LOG, { params: { path: { ticket_id: 1 }, query: { page: { size: 5 }, sort: "created_at" } } });
    expect(fetch.calls[0]?.url).toBe(`${BASE}/api/v2/tickets/1/conversation_log?page[size]=5&sort=created_at`);
  });

  it("passes headers and a bodySerializer through", async () => {
    const { zd, fetch } = make(json({ side_conversation: {} }));
    await zd.PUT("/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}", {
      params: { path: { ticket_id: 1, side_conversation_id: "abc" } },
      body: { side_conversation: { state: "closed" } },
      headers: { "x-trace": "t-1", "x-none": undefined, "x-null": null, "x-count": 2 },
      bodySerializer: (body: unknown) => `${JSON.stringify(body)}\n`,
    });
    const [sent] = fetch.calls;
    expect(sent?.method).toBe("PUT");
    expect(sent?.headers.get("x-trace")).toBe("t-1");
    expect(sent?.headers.get("x-count")).toBe("2");
    expect([sent?.headers.has("x-none"), sent?.headers.has("x-null")]).toEqual([false, false]);
    expect(sent?.body).toBe('{"side_conversation":{"state":"closed"}}\n');
  });

  it.each([
    ["text", '{"a":1}'],
    ["arrayBuffer", new TextEncoder().encode('{"a":1}').buffer],
  ] as const)("reads the body as %s with parseAs", async (parseAs, expected) => {
    const { zd } = make(json({ a: 1 }));
    const { data } = await zd.GET(LIST, { params: { path: { ticket_id: 1 } }, parseAs });
    expect(data).toEqual(expected);
  });

  it("reads the body as a Blob or a stream with parseAs", async () => {
    const { zd } = make(json({ a: 1 }));
    const blob = await zd.GET(LIST, { params: { path: { ticket_id: 1 } }, parseAs: "blob" });
    expect(await (blob.data as Blob).text()).toBe('{"a":1}');
    const stream = await zd.GET(LIST, { params: { path: { ticket_id: 1 } }, parseAs: "stream" });
    expect(await new Response(stream.data as ReadableStream).text()).toBe('{"a":1}');
  });

  it("answers an empty body with data undefined, and an empty error with error undefined", async () => {
    const { zd } = make(new Response(null, { status: 204 }), new Response("", { status: 404 }));
    const ok = await zd.GET(LIST, { params: { path: { ticket_id: 1 } } });
    expect([ok.data, ok.error]).toEqual([undefined, undefined]);
    expect(ok.response.status).toBe(204);
    const missing = await zd.GET(LIST, { params: { path: { ticket_id: 1 } } });
    expect([missing.data, missing.error]).toEqual([undefined, undefined]);
    expect(missing.response.status).toBe(404);
  });

  it("gives an HTML error page as text in error", async () => {
    const { zd } = make(new Response("<html><title>Bad gateway</title></html>", { status: 400 }));
    const { error } = await zd.GET(LIST, { params: { path: { ticket_id: 1 } } });
    expect(error).toBe("<html><title>Bad gateway</title></html>");
  });

  it("throws a ResponseError for a 2xx that is not JSON, naming the request", async () => {
    const { zd } = make(new Response("<html>oops</html>", { status: 200 }));
    await expect(zd.GET(LIST, { params: { path: { ticket_id: 1 } } })).rejects.toMatchObject({
      name: "ResponseError",
      message: expect.stringContaining(
        "GET /api/v2/tickets/1/side_conversations answered 200 with a body that is not JSON",
      ),
    });
  });

  it("keeps the credentials out of a ResponseError when a 2xx body echoes them", async () => {
    const echo = `not json: ${TOKEN}`;
    const { zd } = make(new Response(echo, { status: 200 }));
    const error = await zd.GET(LIST, { params: { path: { ticket_id: 1 } } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "ResponseError" });
    const shown = everythingShown(error);
    expect(shown).toContain("[REDACTED]");
    for (const secret of secretForms()) expect(shown).not.toContain(secret);
  });

  it("refuses a missing path parameter before sending", async () => {
    const { zd, fetch } = make(json({}));
    await expect(zd.GET(LIST, { params: { path: {} } } as never)).rejects.toMatchObject({
      name: "ValidationError",
      field: "params.path.ticket_id",
    });
    expect(fetch.calls).toHaveLength(0);
  });

  it("honours a same-origin baseUrl and refuses another origin", async () => {
    const { zd, fetch } = make(json({ side_conversations: [] }));
    await zd.GET(LIST, { params: { path: { ticket_id: 1 } }, baseUrl: BASE });
    expect(fetch.calls).toHaveLength(1);
    await expect(
      zd.GET(LIST, { params: { path: { ticket_id: 1 } }, baseUrl: "https://elsewhere.example.com" }),
    ).rejects.toBeInstanceOf(SecurityError);
    expect(fetch.calls).toHaveLength(1);
  });
});
