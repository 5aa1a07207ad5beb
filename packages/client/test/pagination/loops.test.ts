import { describe, expect, it } from "vitest";
import { createClient, PaginationError } from "../../src/index.js";
import { BASE, EMAIL, FAST, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

// Servers that page wrongly: every paginated read ends in a PaginationError that says what went
// wrong, before any record is delivered twice; never a quiet stop, never an endless loop.
const auth = { email: EMAIL, apiToken: TOKEN };
const make = (fetch: typeof globalThis.fetch) =>
  createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
const sc = (id: string) => ({ ...sideConversation, id });
const LIST = `${BASE}/api/v2/tickets/42/side_conversations.json`;
const LOG = `${BASE}/api/v2/tickets/42/conversation_log.json`;
const logEvent = (id: string) => ({ id, type: "Comment", created_at: "2025-04-22T09:00:00Z" });

/** Every record, or the error that ended the iteration; a bound turns an endless loop into a failure. */
async function drain<T extends { id?: unknown }>(iterable: AsyncIterable<T>) {
  const ids: unknown[] = [];
  try {
    for await (const record of iterable) {
      ids.push(record.id);
      if (ids.length > 50) throw new Error("the iterator does not stop");
    }
  } catch (error) {
    return { ids, error };
  }
  return { ids, error: undefined };
}

describe("a next_page that loops", () => {
  it("A → B → A: refused at the link back, each record delivered once", async () => {
    const fetch = fakeFetch(
      json({ side_conversations: [sc("a")], next_page: `${LIST}?page=2` }),
      json({ side_conversations: [sc("b")], next_page: `${LIST}?page=3` }),
      json({ side_conversations: [sc("c")], next_page: `${LIST}?page=2` }),
    );
    const { ids, error } = await drain(make(fetch).iterate.sideConversations(42));
    expect(ids).toEqual(["a", "b", "c"]);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ kind: "loop", pages: 3, delivered: 3, url: `${LIST}?page=2` });
    expect((error as Error).message).toBe(
      `the next-page link of page 3 leads back to a page already read: ${LIST}?page=2; 3 records were delivered before it, the rest were not`,
    );
    expect(fetch.calls).toHaveLength(3);
  });

  it("A → B → A where the link back is written differently: refused as a repeated page, before its records", async () => {
    // The first page was read as ?per_page=1, the link back names it ?page=1&per_page=1.
    const pageA = json({ side_conversations: [sc("a")], next_page: `${LIST}?page=2&per_page=1` });
    const fetch = fakeFetch(
      pageA,
      json({ side_conversations: [sc("b")], next_page: `${LIST}?page=1&per_page=1` }),
      pageA,
    );
    const { ids, error } = await drain(make(fetch).iterate.sideConversations(42, { perPage: 1 }));
    expect(ids).toEqual(["a", "b"]);
    expect(error).toMatchObject({ kind: "repeat", pages: 3, delivered: 2 });
    expect((error as Error).message).toMatch(/^page 3 repeats page 1 \(the server ignored the page asked for\)/);
  });
});

describe("a page that repeats", () => {
  it("a server that ignores ?page (every page the first): refused at page 2, nothing delivered twice", async () => {
    let n = 0;
    const fetch = fakeFetch(() =>
      json({ side_conversations: [sc("a"), sc("b")], next_page: `${LIST}?page=${++n + 1}` }),
    );
    const { ids, error } = await drain(make(fetch).iterate.sideConversations(42));
    expect(ids).toEqual(["a", "b"]);
    expect(error).toMatchObject({ kind: "repeat", pages: 2, delivered: 2, url: `${LIST}?page=2` });
  });

  it("the events of a side conversation the same way", async () => {
    const events = `${BASE}/api/v2/tickets/42/side_conversations/sc-1/events.json`;
    let n = 0;
    const fetch = fakeFetch(() => json({ events: [{ id: "e1" }], next_page: `${events}?page=${++n + 1}` }));
    const { ids, error } = await drain(make(fetch).iterate.events(42, "sc-1"));
    expect(ids).toEqual(["e1"]);
    expect(error).toMatchObject({ kind: "repeat", pages: 2 });
  });

  it("empty pages do not count as repeats (the list simply ends where next_page does)", async () => {
    const fetch = fakeFetch(
      json({ side_conversations: [], next_page: `${LIST}?page=2` }),
      json({ side_conversations: [], next_page: null }),
    );
    expect(await drain(make(fetch).iterate.sideConversations(42))).toEqual({ ids: [], error: undefined });
  });
});

describe("a cursor that does not move", () => {
  it("is refused on the conversation log, naming the cursor", async () => {
    const fetch = fakeFetch(
      json({
        events: [logEvent("l1")],
        links: { next: `${LOG}?page%5Bafter%5D=c1`, prev: null },
        meta: { has_more: true, after_cursor: "c1" },
      }),
      json({
        events: [logEvent("l2")],
        links: { next: `${LOG}?page%5Bafter%5D=c1&x=1`, prev: null },
        meta: { has_more: true, after_cursor: "c1" },
      }),
    );
    const { ids, error } = await drain(make(fetch).iterate.conversationLog(42));
    expect(ids).toEqual(["l1"]);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ kind: "cursor", pages: 2, delivered: 1 });
    expect((error as Error).message).toMatch(/^the cursor did not move on page 2 \(still c1\)/);
  });

  it("a moving cursor pages through to has_more false", async () => {
    const fetch = fakeFetch(
      json({
        events: [logEvent("l1")],
        links: { next: `${LOG}?page%5Bafter%5D=c1` },
        meta: { has_more: true, after_cursor: "c1" },
      }),
      json({ events: [logEvent("l2")], links: { next: null }, meta: { has_more: false, after_cursor: "c2" } }),
    );
    expect(await drain(make(fetch).iterate.conversationLog(42))).toEqual({ ids: ["l1", "l2"], error: undefined });
  });
});
