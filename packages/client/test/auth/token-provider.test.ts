import { describe, expect, it } from "vitest";
import { ApiError, AuthError, createClient, type RetryInfo } from "../../src/index.js";
import { exportedEvent } from "../support/export-server.js";
import { BASE, everythingShown, FAST, fakeFetch, json, type Sent, sideConversation } from "../support/fake-fetch.js";

// OAuth tokens expire (the vendor enforces it): `auth.oauthToken` can be a provider the client
// asks before each request, and once more with { refresh: true } after a 401, retrying that
// request once. No token ever shows in an error, onRetry or a middleware's view.
const created = { side_conversation: sideConversation, event: { id: "ev-1", type: "create" } };
const unauthorized = () => json({ error: "Couldn't authenticate you" }, 401);
const bearer = (sent: Sent | undefined) => sent?.headers.get("authorization");

/** An authorization server: hands out token-1, token-2, … ; `current` is the one the API accepts. */
function tokens() {
  const state = { issued: 1, asks: [] as boolean[] };
  return {
    state,
    current: () => `oauth-token-number-${state.issued}`,
    provider: ({ refresh }: { refresh: boolean }) => {
      state.asks.push(refresh);
      if (refresh) state.issued++;
      return `oauth-token-number-${state.issued}`;
    },
  };
}

describe("auth.oauthToken as a provider", () => {
  it("asks the provider before each request and sends its token as a bearer token", async () => {
    const auth = tokens();
    const fetch = fakeFetch(json({ side_conversation: sideConversation }));
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: auth.provider }, fetch });
    await zd.sideConversations.show(42, sideConversation.id);
    await zd.sideConversations.show(42, sideConversation.id);
    expect(fetch.calls.map(bearer)).toEqual(["Bearer oauth-token-number-1", "Bearer oauth-token-number-1"]);
    expect(auth.state.asks).toEqual([false, false]);
  });

  it("takes an async provider", async () => {
    const fetch = fakeFetch(json({ side_conversation: sideConversation }));
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: async () => "an-async-token" }, fetch });
    await zd.sideConversations.show(42, sideConversation.id);
    expect(bearer(fetch.calls[0])).toBe("Bearer an-async-token");
  });

  it("on a 401, gets a fresh token and retries once, a POST too, with the same body", async () => {
    const auth = tokens();
    const fetch = fakeFetch(unauthorized(), json(created, 201));
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: auth.provider }, fetch, ...FAST });
    const result = await zd.sideConversations.create(42, {
      subject: "Hi",
      body: "Hello",
      to: [{ email: "a@example.com" }],
    });
    expect(result.side_conversation.id).toBe(sideConversation.id);
    expect(fetch.calls.map(bearer)).toEqual(["Bearer oauth-token-number-1", "Bearer oauth-token-number-2"]);
    expect(fetch.calls[1]?.body).toBe(fetch.calls[0]?.body);
    expect(JSON.parse(fetch.calls[1]?.body ?? "").message.subject).toBe("Hi");
    expect(auth.state.asks).toEqual([false, true]);
  });

  it("retries only once: a second 401 is the ApiError, with no token in it", async () => {
    const auth = tokens();
    const fetch = fakeFetch(unauthorized());
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: auth.provider }, fetch, ...FAST });
    const error = await zd.sideConversations.show(42, "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(fetch.calls).toHaveLength(2);
    expect(auth.state.asks).toEqual([false, true]);
    expect(everythingShown(error)).not.toMatch(/oauth-token-number/);
  });

  it("does not resend when the provider gives the same token again", async () => {
    const fetch = fakeFetch(unauthorized());
    const asks: boolean[] = [];
    const zd = createClient({
      baseUrl: BASE,
      auth: {
        oauthToken: ({ refresh }) => {
          asks.push(refresh);
          return "the-one-and-only-token";
        },
      },
      fetch,
      ...FAST,
    });
    await expect(zd.sideConversations.show(42, "x")).rejects.toMatchObject({ status: 401 });
    expect(fetch.calls).toHaveLength(1);
    expect(asks).toEqual([false, true]);
  });

  it("a fixed token is never retried on a 401", async () => {
    const fetch = fakeFetch(unauthorized());
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: "a-fixed-token" }, fetch, ...FAST });
    await expect(zd.sideConversations.show(42, "x")).rejects.toMatchObject({ status: 401 });
    expect(fetch.calls).toHaveLength(1);
  });

  it("a provider that throws is an AuthError naming the provider, its message scrubbed of every token", async () => {
    let n = 0;
    const fetch = fakeFetch(unauthorized(), json({}));
    const zd = createClient({
      baseUrl: BASE,
      auth: {
        oauthToken: ({ refresh }) => {
          if (refresh) throw new Error(`refresh of first-token-${n} was refused by the authorization server`);
          return `first-token-${++n}`;
        },
      },
      fetch,
      ...FAST,
    });
    const error = await zd.sideConversations.show(42, "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe(
      "the auth.oauthToken provider failed to refresh the token after a 401: refresh of [REDACTED] was refused by the authorization server",
    );
    expect(everythingShown(error)).not.toContain("first-token-1");
  });

  it.each([
    ["an empty string", "", "(hidden)"],
    ["a number", 42, "number"],
    ["undefined", undefined, "undefined"],
    ["a token with a line break", "good-token\r\nX-Evil: 1", "(hidden)"],
  ])(
    "a provider that gives %s is an AuthError that never shows the value; nothing is sent",
    async (_what, value, shown) => {
      const fetch = fakeFetch(json({}));
      const zd = createClient({ baseUrl: BASE, auth: { oauthToken: () => value as string }, fetch });
      const error = await zd.sideConversations.show(42, "x").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toBe(
        `the auth.oauthToken provider must give a non-empty single-line string (got ${shown})`,
      );
      expect(everythingShown(error)).not.toContain("good-token");
      expect(fetch.calls).toHaveLength(0);
    },
  );

  it("never shows a token to onRetry or to a middleware", async () => {
    const auth = tokens();
    const fetch = fakeFetch(
      unauthorized(),
      json({ error: "busy" }, 503),
      json({ side_conversation: sideConversation }),
    );
    const retries: RetryInfo[] = [];
    const zd = createClient({
      baseUrl: BASE,
      auth: { oauthToken: auth.provider },
      fetch,
      retry: { minDelayMs: 1, maxDelayMs: 2, onRetry: (info) => retries.push(info) },
    });
    const seen: string[] = [];
    zd.use({
      onRequest: ({ request }) => void seen.push([...request.headers].join()),
      onResponse: ({ request, response }) => void seen.push([...request.headers, ...response.headers].join()),
    });
    await zd.sideConversations.show(42, sideConversation.id);
    expect(fetch.calls.map(bearer)).toEqual([
      "Bearer oauth-token-number-1",
      "Bearer oauth-token-number-2",
      "Bearer oauth-token-number-2",
    ]);
    expect(retries).toHaveLength(1);
    expect(JSON.stringify([retries, seen])).not.toMatch(/oauth-token-number|authorization/i);
  });
});

describe("an export that outlives its tokens", () => {
  it("completes across many pages while the server expires the token every 3 requests, each event once", async () => {
    // 600 events, 4 a second, pages of 50: 13 pages. The API accepts the current token for 3
    // requests, then answers 401 until the provider hands out a fresh one.
    const S = 1_700_000_000;
    const events = Array.from({ length: 600 }, (_, i) => exportedEvent(`ev-${i}`, S + Math.floor(i / 4)));
    let issued = 1;
    let usesLeft = 3;
    let accepted = 0;
    let refused = 0;
    let refreshes = 0;
    const provider = ({ refresh }: { refresh: boolean }) => {
      if (refresh) {
        refreshes++;
        issued++;
        usesLeft = 3;
      }
      return `oauth-token-number-${issued}`;
    };
    const fetch = fakeFetch((sent) => {
      if (bearer(sent) !== `Bearer oauth-token-number-${issued}` || usesLeft === 0) {
        refused++;
        return unauthorized();
      }
      usesLeft--;
      accepted++;
      const start = Number(new URL(sent.url).searchParams.get("start_time"));
      const from = events.filter((e) => Date.parse(e.created_at) / 1000 >= start);
      const page = from.slice(0, 50);
      const end = page.length ? Date.parse(page.at(-1)?.created_at ?? "") / 1000 : start;
      return json({
        events: page,
        end_time: end,
        next_page: from.length > 50 ? `${BASE}/api/v2/tickets/side_conversations/events.json?start_time=${end}` : null,
      });
    });
    const zd = createClient({ baseUrl: BASE, auth: { oauthToken: provider }, fetch, rateLimit: false, ...FAST });
    const ids: string[] = [];
    for await (const event of zd.iterate.exportEvents({ startTime: S })) ids.push(event.id as string);
    expect(ids).toEqual(events.map((e) => e.id));
    // 13 pages (each repeats the boundary second of the one before); a 401 and a refresh after every 3.
    expect(accepted).toBe(13);
    expect(refused).toBe(4);
    expect(refreshes).toBe(refused);
  });
});
