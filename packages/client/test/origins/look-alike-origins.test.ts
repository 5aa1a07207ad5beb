import { describe, expect, it } from "vitest";
import { createClient, SecurityError } from "../../src/index.js";
import { BASE, EMAIL, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

// Origins that a string comparison would take for the configured one (https://acme.zendesk.com):
// each must be refused before anything is sent there, wherever the URL comes from.
const LOOK_ALIKES = [
  ["a longer host", "https://acme.zendesk.com.evil.com"],
  ["user-info before the host", "https://acme.zendesk.com@evil.com"],
  ["another port", "https://acme.zendesk.com:8443"],
  ["http instead of https", "http://acme.zendesk.com"],
] as const;

const auth = { email: EMAIL, apiToken: TOKEN };
const make = (fetch: typeof globalThis.fetch) =>
  createClient({ baseUrl: BASE, auth, fetch, retry: false, rateLimit: false });

async function drain(iterable: AsyncIterable<unknown>, bound = 10) {
  let count = 0;
  for await (const _ of iterable) if (++count > bound) throw new Error(`more than ${bound} records`);
  return count;
}

describe.each(LOOK_ALIKES)("%s (%s)", (_, origin) => {
  it("as next_page: SecurityError, and only the first page was requested", async () => {
    const fetch = fakeFetch(
      json({
        side_conversations: [sideConversation],
        next_page: `${origin}/api/v2/tickets/42/side_conversations.json?page=2`,
      }),
    );
    const error = await drain(make(fetch).iterate.sideConversations(42)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecurityError);
    expect((error as Error).message).toContain("this client only talks to https://acme.zendesk.com");
    expect(fetch.calls.map((call) => call.url)).toEqual([`${BASE}/api/v2/tickets/42/side_conversations`]);
  });

  it("as links.next of the conversation log: SecurityError, one request", async () => {
    const fetch = fakeFetch(
      json({
        events: [{ id: "log-1" }],
        links: { next: `${origin}/api/v2/tickets/42/conversation_log.json?page[after]=x` },
        meta: { has_more: true },
      }),
    );
    await expect(drain(make(fetch).iterate.conversationLog(42))).rejects.toBeInstanceOf(SecurityError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("as a redirect: SecurityError, and the redirect is not followed", async () => {
    const fetch = fakeFetch(new Response(null, { status: 302, headers: { location: `${origin}/steal` } }));
    await expect(make(fetch).sideConversations.list(42)).rejects.toBeInstanceOf(SecurityError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("as a per-call baseUrl of zd.GET: SecurityError, nothing sent", async () => {
    const fetch = fakeFetch(json({ side_conversations: [] }));
    const call = make(fetch).GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 42 } },
      baseUrl: origin,
    });
    // A URL with user-info never becomes a Request (the runtime refuses it with a TypeError, in
    // openapi-fetch, before the client's fetch); every other look-alike reaches the origin check.
    await expect(call).rejects.toBeInstanceOf(origin.includes("@") ? TypeError : SecurityError);
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("the same origin written differently", () => {
  it("is followed: an explicit default port and an upper-case host", async () => {
    const fetch = fakeFetch(
      json({
        side_conversations: [sideConversation],
        next_page: "https://ACME.zendesk.com:443/api/v2/tickets/42/side_conversations.json?page=2",
      }),
      json({ side_conversations: [{ ...sideConversation, id: "a-second-one" }], next_page: null }),
    );
    expect(await drain(make(fetch).iterate.sideConversations(42))).toBe(2);
    expect(fetch.calls[1]?.url).toBe(`${BASE}/api/v2/tickets/42/side_conversations.json?page=2`);
    expect(fetch.calls[1]?.headers.get("authorization")).toMatch(/^Basic /);
  });
});
