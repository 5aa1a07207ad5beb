import { describe, expect, it } from "vitest";
import { createClient, ResponseError, SecurityError } from "../../src/index.js";
import { BASE, EMAIL, FAST, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };
const make = (fetch: typeof globalThis.fetch) =>
  createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
const sc = (n: number) => ({ ...sideConversation, id: `sc-${n}` });
const collect = async <T>(iterable: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

describe("offset pagination", () => {
  it("follows next_page until it is null", async () => {
    const fetch = fakeFetch(
      json({
        side_conversations: [sc(1), sc(2)],
        next_page: `${BASE}/api/v2/tickets/42/side_conversations.json?page=2`,
        count: 3,
      }),
      json({ side_conversations: [sc(3)], next_page: null, count: 3 }),
    );
    const ids = (await collect(make(fetch).iterate.sideConversations(42, { perPage: 2 }))).map((s) => s.id);
    expect(ids).toEqual(["sc-1", "sc-2", "sc-3"]);
    expect(fetch.calls.map((c) => c.url)).toEqual([
      `${BASE}/api/v2/tickets/42/side_conversations?per_page=2`,
      `${BASE}/api/v2/tickets/42/side_conversations.json?page=2`,
    ]);
    expect(fetch.calls[1]?.headers.get("authorization")).toMatch(/^Basic /);
  });

  it("lists the events of a side conversation across pages", async () => {
    const event = (n: number) => ({ id: `e${n}`, type: "reply" });
    const fetch = fakeFetch(
      json({ events: [event(1)], next_page: `${BASE}/api/v2/tickets/42/side_conversations/sc-1/events?page=2` }),
      json({ events: [event(2)], next_page: null }),
    );
    const events = await collect(make(fetch).iterate.events(42, "sc-1"));
    expect(events.map((e) => e.id)).toEqual(["e1", "e2"]);
  });

  it("refuses a next_page on another origin, sending nothing there", async () => {
    const fetch = fakeFetch(json({ side_conversations: [sc(1)], next_page: "https://evil.example.com/page2" }));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of make(fetch).iterate.sideConversations(42)) seen.push(item.id ?? "(no id)");
    })().catch((e) => e);
    expect(seen).toEqual(["sc-1"]);
    expect(error).toBeInstanceOf(SecurityError);
    expect(fetch.calls).toHaveLength(1);
  });

  it("stops a next_page that points back at itself instead of looping", async () => {
    const self = `${BASE}/api/v2/tickets/42/side_conversations?page=2`;
    const fetch = fakeFetch(
      json({ side_conversations: [sc(1)], next_page: self }),
      json({ side_conversations: [sc(2)], next_page: self }),
    );
    await expect(collect(make(fetch).iterate.sideConversations(42))).rejects.toBeInstanceOf(ResponseError);
    expect(fetch.calls).toHaveLength(2);
  });

  it("refuses a page without its records array", async () => {
    const fetch = fakeFetch(json({ next_page: null }));
    const error = await collect(make(fetch).iterate.sideConversations(42)).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.message).toContain('without a "side_conversations" array');
  });
});

describe("cursor pagination (conversation log)", () => {
  const event = (n: number) => ({ id: `log-${n}`, type: "Comment" });

  it("asks for 100 records a page and follows links.next while has_more", async () => {
    const next = `${BASE}/api/v2/tickets/42/conversation_log.json?page%5Bafter%5D=abc&sort=created_at`;
    const fetch = fakeFetch(
      json({
        events: [event(1), event(2)],
        links: { next, prev: null },
        meta: { has_more: true, after_cursor: "abc" },
      }),
      json({ events: [event(3)], links: { next: `${next}x`, prev: null }, meta: { has_more: false } }),
    );
    const events = await collect(make(fetch).iterate.conversationLog(42, { sort: "created_at" }));
    expect(events.map((e) => e.id)).toEqual(["log-1", "log-2", "log-3"]);
    expect(decodeURIComponent(fetch.calls[0]?.url ?? "")).toBe(
      `${BASE}/api/v2/tickets/42/conversation_log?page[size]=100&sort=created_at`,
    );
    expect(fetch.calls[1]?.url).toBe(next);
    expect(fetch.calls).toHaveLength(2);
  });

  it("refuses a page size outside 1 to 100 before sending", async () => {
    const fetch = fakeFetch(json({ events: [], meta: { has_more: false } }));
    await expect(collect(make(fetch).iterate.conversationLog(42, { pageSize: 101 }))).rejects.toThrow(
      /pageSize must be an integer from 1 to 100 \(got 101\)/,
    );
    await expect(make(fetch).conversationLog.list(42, { pageSize: 0 })).rejects.toThrow(/pageSize/);
    expect(fetch.calls).toHaveLength(0);
  });

  it("refuses links.next on another origin", async () => {
    const fetch = fakeFetch(
      json({ events: [event(1)], links: { next: "http://127.0.0.1:9/steal" }, meta: { has_more: true } }),
    );
    await expect(collect(make(fetch).iterate.conversationLog(42))).rejects.toBeInstanceOf(SecurityError);
    expect(fetch.calls).toHaveLength(1);
  });
});
