import { readFileSync } from "node:fs";
import { json, loopback } from "./loopback.js";

// A loopback export of 12,000 events in pages of 500. Events share seconds (40 a second), so each
// page's last second comes again at the start of the next page, as the real export does: the
// client must drop those repeats, and a resumed run must neither lose nor repeat anything.
export const TOTAL = 12_000;
export const PAGE = 500;
const PER_SECOND = 40;
const time = (i: number) => 1_700_000_000 + Math.floor(i / PER_SECOND);
const event = (i: number) => ({
  id: `ev-${i}`,
  side_conversation_id: `sc-${i % 7}`,
  ticket_id: 42,
  type: "reply",
  created_at: new Date(time(i) * 1000).toISOString(),
  updates: {},
});

/** Every event's id, in order: what an uninterrupted export writes. */
export const expectedIds = Array.from({ length: TOTAL }, (_, i) => `ev-${i}`);

/** The export server; each page answers after `delayMs`, so that a kill or a Ctrl-C lands mid-export. */
export async function exportServer(delayMs = 15) {
  const server: Awaited<ReturnType<typeof loopback>> = await loopback((_request, response, url) => {
    const start = Number(url.searchParams.get("start_time"));
    let first = 0;
    while (first < TOTAL && time(first) < start) first++;
    const events = Array.from({ length: Math.min(PAGE, TOTAL - first) }, (_, k) => event(first + k));
    const last = first + events.length >= TOTAL;
    const end = events.length ? time(first + events.length - 1) : start;
    setTimeout(
      () =>
        json(response, 200, {
          events,
          end_time: end,
          count: events.length,
          next_page: last ? null : `${server.url}/api/v2/tickets/side_conversations/events?start_time=${end}`,
        }),
      delayMs,
    );
  });
  return server;
}

/** The ids of an NDJSON export file, failing on any line that is not whole JSON. */
export const ids = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { id: string }).id);
