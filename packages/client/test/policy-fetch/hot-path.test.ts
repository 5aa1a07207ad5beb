import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, TimeoutError } from "../../src/index.js";
import { testClock } from "../support/clock.js";
import { BASE, EMAIL, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

// What the per-request path must keep while it got cheaper: fetch called as a browser needs it,
// the global fetch looked up when a request is sent, no timer or listener left behind, the body
// sent as serialised, and an answer that reads like a Response.
const auth = { email: EMAIL, apiToken: TOKEN };
const show = { side_conversation: sideConversation };

afterEach(() => vi.unstubAllGlobals());

/** A fetch that refuses to run as a method of anything but the global object, as a browser's does. */
function browserLikeFetch(answer: () => Response) {
  const receivers: unknown[] = [];
  const fetch = function (this: unknown) {
    receivers.push(this);
    if (this !== undefined && this !== globalThis)
      return Promise.reject(new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation"));
    return Promise.resolve(answer());
  };
  return { fetch: fetch as unknown as typeof globalThis.fetch, receivers };
}

describe("the client's fetch", () => {
  it("calls a given fetch unbound, never as a method of its options", async () => {
    const { fetch, receivers } = browserLikeFetch(() => json(show));
    const zd = createClient({ baseUrl: BASE, auth, fetch });
    await zd.sideConversations.show(42, sideConversation.id);
    expect(receivers).toEqual([undefined]);
  });

  it("calls the global fetch on the global object, as it is when the request is sent", async () => {
    const zd = createClient({ baseUrl: BASE, auth }); // made before the global is replaced, as with MSW
    const { fetch, receivers } = browserLikeFetch(() => json(show));
    vi.stubGlobal("fetch", fetch);
    const result = await zd.sideConversations.show(42, sideConversation.id);
    expect(result.side_conversation.id).toBe(sideConversation.id);
    expect(receivers).toEqual([globalThis]);
  });

  it("leaves no timer behind once an answer is read, however long timeoutMs is", async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    const before = timers();
    const zd = createClient({ baseUrl: BASE, auth, fetch: fakeFetch(json(show)), timeoutMs: 600_000 });
    for (let i = 0; i < 20; i++) await zd.sideConversations.show(42, sideConversation.id);
    expect(timers()).toBe(before);
  });

  it("listens to no signal that nobody can abort, and removes what it added to a caller's", async () => {
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const add = vi.spyOn(EventTarget.prototype, "addEventListener");
    const remove = vi.spyOn(EventTarget.prototype, "removeEventListener");
    // A fetch that makes no Request of its own (a Request listens to the signal it is given).
    const zd = createClient({ baseUrl: BASE, auth, fetch: async () => json(show) });
    try {
      for (let i = 0; i < 3; i++) await zd.sideConversations.show(42, sideConversation.id);
      expect(add.mock.calls.filter(([type]) => type === "abort")).toEqual([]);
      const controller = new AbortController();
      add.mockClear();
      for (let i = 0; i < 3; i++)
        await zd.sideConversations.show(42, sideConversation.id, { signal: controller.signal });
      // The client's listeners go on each request's own signal (which follows the caller's).
      for (const [index, [type, listener]] of add.mock.calls.entries())
        if (type === "abort" && add.mock.contexts[index] !== controller.signal) added.push(listener);
      for (const [type, listener] of remove.mock.calls) if (type === "abort") removed.push(listener);
      expect(added.length).toBeGreaterThan(0);
      expect(added.every((listener) => removed.includes(listener))).toBe(true);
    } finally {
      add.mockRestore();
      remove.mockRestore();
    }
  });

  it("still times out an attempt whose body never ends, and aborts it", async () => {
    let seen: AbortSignal | undefined;
    const fetch = fakeFetch((sent) => {
      seen = sent.signal;
      // A body that never ends, cut off when the attempt is aborted (as fetch does).
      const body = new ReadableStream({
        start: (c) => {
          c.enqueue(new TextEncoder().encode('{"side_'));
          sent.signal?.addEventListener("abort", () => c.error(sent.signal?.reason));
        },
      });
      return new Response(body, { headers: { "content-type": "application/json" } });
    });
    const zd = createClient({ baseUrl: BASE, auth, fetch, timeoutMs: 50, retry: false });
    await expect(zd.sideConversations.show(42, "x")).rejects.toBeInstanceOf(TimeoutError);
    expect(seen?.aborted).toBe(true);
  });

  it("sends the body openapi-fetch serialised, byte for byte, and the same again on a retry", async () => {
    const fetch = fakeFetch(json({ error: "busy" }, 429, { "retry-after": "0" }), json(show, 201));
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false });
    await zd.sideConversations.create(42, { subject: "Zürich ☃", body: "Hi", to: [{ email: "a@example.com" }] });
    expect(fetch.calls).toHaveLength(2);
    expect(fetch.calls[0]?.body).toBe(fetch.calls[1]?.body);
    expect(JSON.parse(fetch.calls[0]?.body ?? "").message.subject).toBe("Zürich ☃");
  });
});

describe("the answer a middleware sees", () => {
  it("can be cloned and read, the original still parsed after, and not read twice", async () => {
    const zd = createClient({ baseUrl: BASE, auth, fetch: fakeFetch(json(show)) });
    const checks: unknown[] = [];
    zd.use({
      async onResponse({ response }) {
        checks.push(
          response instanceof Response,
          response.bodyUsed,
          (await response.clone().json()).side_conversation.id,
        );
        checks.push(response.headers.get("content-length"), response.url, response.status, response.ok);
      },
    });
    const result = await zd.sideConversations.show(42, sideConversation.id);
    expect(result.side_conversation.id).toBe(sideConversation.id);
    expect(checks).toEqual([
      true,
      false,
      sideConversation.id,
      String(JSON.stringify(show).length),
      `${BASE}/api/v2/tickets/42/side_conversations/${sideConversation.id}`,
      200,
      true,
    ]);
  });

  it("gives its body as a stream, a Blob or bytes, and refuses a second read", async () => {
    const zd = createClient({ baseUrl: BASE, auth, fetch: fakeFetch(json(show)) });
    const { response } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}", {
      params: { path: { ticket_id: 42, side_conversation_id: sideConversation.id } },
      parseAs: "stream",
    });
    expect(JSON.parse(await new Response(response.body).text())).toEqual(show);
    expect(JSON.parse(await (await response.clone().blob()).text())).toEqual(show);
    expect(new TextDecoder().decode(await response.clone().bytes())).toBe(JSON.stringify(show));
    await response.text();
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(/already read/);
    expect(() => response.clone()).toThrow(/already read/);
  });

  it("drops the encoding of a body the runtime decoded, and says its decoded length", async () => {
    const body = JSON.stringify(show);
    const zd = createClient({
      baseUrl: BASE,
      auth,
      fetch: fakeFetch(
        new Response(body, {
          headers: { "content-type": "application/json", "content-encoding": "gzip", "content-length": "12" },
        }),
      ),
    });
    let headers: Headers | undefined;
    zd.use({
      onResponse: ({ response }) => {
        headers = response.headers;
      },
    });
    await zd.sideConversations.show(42, sideConversation.id);
    expect([headers?.get("content-encoding"), headers?.get("content-length")]).toEqual([null, String(body.length)]);
  });
});

describe("the buffered answer's body", () => {
  const answer = async (response: Response) => {
    const zd = createClient({ baseUrl: BASE, auth, fetch: fakeFetch(response) });
    const { response: buffered } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 42 } },
      parseAs: "stream",
    });
    return buffered;
  };

  it.each(["json", "text", "arrayBuffer", "bytes", "blob", "formData"] as const)(
    "is read once: %s after text() is refused",
    async (reader) => {
      const response = await answer(
        new Response("a=1", { headers: { "content-type": "application/x-www-form-urlencoded" } }),
      );
      await response.text();
      await expect(response[reader]()).rejects.toThrow(/already read/);
    },
  );

  it("hands out copies: changing what one reader got changes no other", async () => {
    const response = await answer(json(show));
    const bytes = new Uint8Array(await response.clone().arrayBuffer());
    bytes.fill(0);
    const view = await response.clone().bytes();
    view.fill(0);
    const blob = await response.clone().blob();
    expect(JSON.parse(await blob.text())).toEqual(show);
    expect(blob.type).toBe("application/json");
    expect(JSON.parse(await new Response(response.body).text())).toEqual(show);
  });

  it("reads a form body, and types a Blob without a content type as empty", async () => {
    const form = await answer(
      new Response("a=1&b=two", { headers: { "content-type": "application/x-www-form-urlencoded" } }),
    );
    expect(Object.fromEntries(await form.formData())).toEqual({ a: "1", b: "two" });
    const untyped = await answer(new Response(new Uint8Array([1, 2])));
    expect((await untyped.blob()).type).toBe("");
  });

  it.each([204, 205, 304])("has no body for a %i, and a length of 0", async (status) => {
    const response = await answer(new Response(null, { status }));
    expect([response.body, response.headers.get("content-length"), await response.text()]).toEqual([null, "0", ""]);
  });

  it("has a body, empty, for a 200 without one", async () => {
    const response = await answer(new Response(""));
    expect(response.body).not.toBeNull();
    expect(response.headers.get("content-length")).toBe("0");
  });
});

describe("the path the rate limiter sees", () => {
  it("is the path without the query, so an operation's budget applies to a paged request", async () => {
    const waits: string[] = [];
    const page = json({ events: [], links: { next: null }, meta: { has_more: false } }, 200, {
      "zendesk-ratelimit-omnilog-index": "total=100; remaining=0; resets=1",
    });
    const time = testClock();
    const zd = createClient({
      baseUrl: BASE,
      auth,
      fetch: fakeFetch(page),
      clock: time.clock,
      rateLimit: { onWait: (info) => waits.push(`${info.bucket} ${new URL(info.url).search}`) },
    });
    await zd.conversationLog.list(42, { pageSize: 5 });
    await zd.conversationLog.list(42, { pageSize: 5 });
    expect(waits).toEqual(["conversation-log ?page[size]=5"]);
    expect(time.slept).toEqual([1000]);
  });
});

describe("the answer the client hands on", () => {
  it("is a Response in every member a reader may touch, though not built by Response's constructor", async () => {
    const zd = createClient({ baseUrl: BASE, auth, fetch: fakeFetch(json(show)) });
    const { response } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 42 } },
      parseAs: "stream",
    });
    expect(response).toBeInstanceOf(Response);
    expect(Object.prototype.toString.call(response)).toBe("[object Response]");
    expect({
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      type: response.type,
      redirected: response.redirected,
      url: response.url,
      bodyUsed: response.bodyUsed,
      contentType: response.headers.get("content-type"),
    }).toEqual({
      status: 200,
      statusText: "",
      ok: true,
      type: "default",
      redirected: false,
      url: `${BASE}/api/v2/tickets/42/side_conversations`,
      bodyUsed: false,
      contentType: "application/json",
    });
    // Logged (Node's inspect reads the members through their getters) without throwing.
    expect(inspect(response)).toContain("status: 200");
    // A copy made with Response's own constructor from it, as a middleware might.
    const copy = new Response(response.body, response);
    expect(copy.status).toBe(200);
    expect(JSON.parse(await copy.text())).toEqual(show);
  });

  it.each([200, 201, 299, 300, 404])("is ok exactly for a 2xx (%i)", async (status) => {
    const zd = createClient({ baseUrl: BASE, auth, fetch: fakeFetch(json(show, status)), retry: false });
    const { response } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 42 } },
      parseAs: "stream",
    });
    expect(response.ok).toBe(status >= 200 && status < 300);
  });
});
