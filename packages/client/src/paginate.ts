// The API's three pagination styles as async iterators of records. Each holds one page at a
// time, so memory stays flat however long the list. Pages are read with the typed calls, so the
// fields read here (the records, next_page, links.next, end_time) are checked against the spec by
// the compiler. Next-page links go through the client's fetch, which refuses any origin but the
// configured one.
import { ResponseError, ValidationError } from "./errors.js";
import { records } from "./results.js";
import type { SideConversationEvent, SideConversationEventExportResponse } from "./types.js";

/** A page as fetched: its parsed body and the answer it came in. */
export interface Fetched<Page> {
  page: Page;
  response: Response;
}

/** How to read one paginated list: its records, under which key, and the link to the next page. */
export interface Pages<Page, T> {
  key: string;
  records: (page: Page) => T[] | undefined;
  next: (page: Page) => string | null | undefined | false;
}

/**
 * Yields the records of each page and follows the link `next(page)` gives, until it gives none.
 * Used for offset lists (`next_page`) and the cursor log (`links.next` while `has_more`).
 * `read()` reads the first page, `read(link)` the page a link names. The first page is read when
 * iteration starts, not before.
 */
export async function* follow<Page, T>(
  read: (link?: string) => Promise<Fetched<Page>>,
  { key, records: list, next }: Pages<Page, T>,
): AsyncGenerator<T> {
  let { page, response } = await read();
  let url: string | undefined;
  for (;;) {
    // A plain loop: `yield*` over an array in an async generator wraps it in an async-from-sync
    // iterator, with extra promise turns for every record.
    for (const record of records("GET", response, page, list(page), key)) yield record;
    const link = next(page);
    if (typeof link !== "string" || !link) return;
    if (link === url)
      throw new ResponseError(`the next-page link points back to the page just read: ${link}`, { url: link });
    url = link;
    ({ page, response } = await read(link));
  }
}

/**
 * Where an incremental export stands: the `start_time` to ask for next, and the ids already
 * delivered since the last page began (at most one page of them). It is plain JSON: save it after
 * handling each event or batch, and an export restarted from it delivers every later event once.
 */
export interface ExportCheckpoint {
  startTime: number;
  seen: string[];
}

export interface ExportOptions {
  /** Unix seconds, or a Date, to start from. Ignored when `checkpoint` is given. */
  startTime?: number | Date | undefined;
  /** A checkpoint saved from an earlier run, to resume exactly where it stopped. */
  checkpoint?: ExportCheckpoint | undefined;
  signal?: AbortSignal | undefined;
}

/** The incremental export: an async iterable of events, and where it stands. */
export interface EventExport extends AsyncIterable<SideConversationEvent> {
  /** A copy of where the export stands now; safe to serialise and keep. */
  readonly checkpoint: ExportCheckpoint;
}

/**
 * The incremental export. Pages continue from `end_time` until `next_page` is null. Events of the
 * previous page can come again on the next (the boundary second at least): each id is delivered
 * once. A page that brings nothing new without moving `end_time` forward means it has caught up.
 */
export function exportEvents(
  fetchPage: (startTime: number, signal?: AbortSignal) => Promise<Fetched<SideConversationEventExportResponse>>,
  { checkpoint, startTime: given, signal }: ExportOptions,
): EventExport {
  let startTime = checkpoint
    ? checkpoint.startTime
    : given instanceof Date
      ? Math.floor(given.getTime() / 1000)
      : (given as number);
  if (!Number.isSafeInteger(startTime) || startTime < 0) {
    throw new ValidationError(
      checkpoint ? "checkpoint.startTime" : "startTime",
      startTime,
      "must be Unix seconds (an integer ≥ 0) or a valid Date",
    );
  }
  if (checkpoint && !(Array.isArray(checkpoint.seen) && checkpoint.seen.every((id) => typeof id === "string"))) {
    throw new ValidationError("checkpoint.seen", checkpoint.seen, "must be the array of ids saved with the checkpoint");
  }
  let seen = new Set(checkpoint?.seen);
  return {
    get checkpoint() {
      return { startTime, seen: [...seen] };
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const { page, response } = await fetchPage(startTime, signal);
        const events: SideConversationEvent[] = records("GET", response, page, page.events, "events");
        let fresh = 0;
        for (const event of events) {
          const key = keyOf(event);
          if (seen.has(key)) continue;
          seen.add(key);
          fresh++;
          yield event;
        }
        const end = page.end_time;
        if (typeof end === "number" && Number.isSafeInteger(end) && end > startTime) {
          // Only the page just read can come again on the next one (its boundary second, or more
          // where the server's export time and created_at disagree): remember its ids, forget older.
          startTime = end;
          seen = new Set(events.map(keyOf));
        } else if (!fresh) {
          return;
        }
        if (typeof page.next_page !== "string" || !page.next_page) return;
      }
    },
  };
}

/**
 * What makes an event the same one when a page repeats it: its id, or, for an event without one
 * (the API always sends ids; a proxy might not), its whole content. Without this, such an event
 * would count as new on every repeat, and an export that has caught up would never stop.
 */
const keyOf = (event: SideConversationEvent): string =>
  typeof event?.id === "string" ? event.id : JSON.stringify(event);
