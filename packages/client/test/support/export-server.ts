import { BASE, fakeFetch, json } from "./fake-fetch.js";

const at = (second: number) => new Date(second * 1000).toISOString();

/** An export event at a whole second. */
export const exportedEvent = (id: string, second: number) => ({ id, type: "reply", created_at: at(second) });

/**
 * A fake export server over a fixed list of events, paged like the vendor's: up to `size` events
 * from start_time on, end_time = the second of the last event, and the boundary second repeated on
 * the next page (the next page starts at end_time, inclusive). It cannot page inside a second: when
 * one second holds more events than a page, every read from it returns the same full page.
 */
export function exportServer(events: ReturnType<typeof exportedEvent>[], size: number) {
  return fakeFetch((sent) => {
    const start = Number(new URL(sent.url).searchParams.get("start_time"));
    const from = events.filter((e) => Date.parse(e.created_at) / 1000 >= start);
    const page = from.slice(0, size);
    const last = page.at(-1);
    const end = last ? Date.parse(last.created_at) / 1000 : start;
    const more = from.length > size; // a full page: the rest comes from end_time on
    return json({
      events: page,
      end_time: end,
      count: page.length,
      next_page: more ? `${BASE}/api/v2/tickets/side_conversations/events.json?start_time=${end}` : null,
    });
  });
}
