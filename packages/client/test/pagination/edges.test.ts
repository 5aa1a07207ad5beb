import { describe, expect, it } from "vitest";
import { createClient, PaginationError, ResponseError, ValidationError } from "../../src/index.js";
import { BASE, EMAIL, FAST, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

// The edges of the three paginations: empty and odd links, a start of 0, events without ids,
// an end_time that is not a number.
const auth = { email: EMAIL, apiToken: TOKEN };
const make = (fetch: typeof globalThis.fetch) =>
  createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });

async function collect<T>(iterable: AsyncIterable<T>, bound = 50): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length > bound) throw new Error(`more than ${bound} records: the iterator does not stop`);
  }
  return out;
}

describe("offset and cursor pages", () => {
  it("stop at an empty next_page, without another request", async () => {
    const fetch = fakeFetch(json({ side_conversations: [sideConversation], next_page: "" }));
    expect(await collect(make(fetch).iterate.sideConversations(42))).toHaveLength(1);
    expect(fetch.calls).toHaveLength(1);
  });

  it("name the looping link and the page it came from", async () => {
    const self = `${BASE}/api/v2/tickets/42/side_conversations.json?page=2`;
    const fetch = fakeFetch(
      json({ side_conversations: [sideConversation], next_page: self }),
      json({ side_conversations: [{ ...sideConversation, id: "second" }], next_page: self }),
    );
    const error = await collect(make(fetch).iterate.sideConversations(42)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({
      message: `the next-page link of page 2 leads back to a page already read: ${self}; 2 records were delivered before it, the rest were not`,
      url: self,
      kind: "loop",
      pages: 2,
      delivered: 2,
    });
    expect(fetch.calls).toHaveLength(2);
  });

  it("refuse a next-page link that is not an absolute URL, naming it", async () => {
    const fetch = fakeFetch(json({ side_conversations: [sideConversation], next_page: "page=2" }));
    await expect(collect(make(fetch).iterate.sideConversations(42))).rejects.toThrow(
      'next-page link must be an absolute URL (got "page=2")',
    );
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("incremental export edges", () => {
  it("starts at 0, the first second there is", async () => {
    const fetch = fakeFetch(json({ events: [], end_time: 0, next_page: null }));
    expect(await collect(make(fetch).iterate.exportEvents({ startTime: 0 }))).toEqual([]);
    expect(fetch.calls[0]?.url).toBe(`${BASE}/api/v2/tickets/side_conversations/events?start_time=0`);
  });

  it.each([
    [{ startTime: -1 }, "startTime must be Unix seconds (an integer ≥ 0) or a valid Date (got -1)"],
    [{ startTime: new Date("nope") }, "startTime must be Unix seconds (an integer ≥ 0) or a valid Date (got null)"],
    [
      { checkpoint: { startTime: 5, seen: ["a", 1] } },
      'checkpoint.seen must be the array of ids saved with the checkpoint (got ["a",1])',
    ],
  ])("refuses %j before sending", (options, message) => {
    const fetch = fakeFetch(json({}));
    expect(() => make(fetch).iterate.exportEvents(options as never)).toThrow(ValidationError);
    expect(() => make(fetch).iterate.exportEvents(options as never)).toThrow(message);
    expect(fetch.calls).toHaveLength(0);
  });

  it("names the export's records key when a page has none", async () => {
    const fetch = fakeFetch(json({ end_time: 10, next_page: null }));
    await expect(collect(make(fetch).iterate.exportEvents({ startTime: 1 }))).rejects.toThrow(
      /^GET \/api\/v2\/tickets\/side_conversations\/events answered 200 without a "events" array/,
    );
  });

  it("delivers an event without an id once, known by its content, and stops when caught up", async () => {
    const anonymous = { type: "reply", created_at: "2026-01-01T00:00:10Z" };
    const fetch = fakeFetch(
      json({ events: [anonymous, { id: "a", type: "reply" }], end_time: 10, next_page: "more" }),
      json({ events: [anonymous, { id: "a", type: "reply" }], end_time: 10, next_page: "more" }),
    );
    const events = await collect(make(fetch).iterate.exportEvents({ startTime: 1 }));
    expect(events).toEqual([anonymous, { id: "a", type: "reply" }]);
    // The second read repeats the page at second 10; one read from second 11 shows nothing later.
    expect(fetch.calls.map((call) => new URL(call.url).searchParams.get("start_time"))).toEqual(["1", "10", "11"]);
  });

  it("does not move start_time to an end_time that is not a whole number", async () => {
    const fetch = fakeFetch(
      json({ events: [{ id: "a" }], end_time: "20", next_page: "more" }),
      json({ events: [{ id: "a" }], end_time: "20", next_page: "more" }),
    );
    expect(await collect(make(fetch).iterate.exportEvents({ startTime: 5 }))).toHaveLength(1);
    expect(fetch.calls.map((call) => new URL(call.url).searchParams.get("start_time"))).toEqual(["5", "5"]);
  });

  it("stops at an empty next_page even when end_time moved", async () => {
    const fetch = fakeFetch(json({ events: [{ id: "a" }], end_time: 30, next_page: "" }));
    expect(await collect(make(fetch).iterate.exportEvents({ startTime: 5 }))).toHaveLength(1);
    expect(fetch.calls).toHaveLength(1);
  });
});
