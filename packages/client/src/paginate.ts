// The API's three pagination styles as async iterators of records. Each holds one page at a
// time, so memory stays flat however long the list. Pages are read with the typed calls, so the
// fields read here (the records, next_page, links.next, end_time) are checked against the spec by
// the compiler. Next-page links go through the client's fetch, which refuses any origin but the
// configured one.
import { ExportStalledError, PaginationError, ValidationError } from "./errors.js";
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
  /** Where a list pages by cursor, the cursor a page hands on: it must move from one page to the next. */
  cursor?: (page: Page) => string | null | undefined;
}

/**
 * Yields the records of each page and follows the link `next(page)` gives, until it gives none.
 * Used for offset lists (`next_page`) and the cursor log (`links.next` while `has_more`).
 * `read()` reads the first page, `read(link)` the page a link names. The first page is read when
 * iteration starts, not before.
 *
 * A server that pages wrongly ends in a PaginationError, never in a quiet stop or an endless loop:
 * a link already followed (A → B → A), a page whose first record opened an earlier page (the server
 * ignored the page asked for), or a cursor that did not move. Each is caught before the page's
 * records are delivered, so nothing is delivered twice. Memory: one link and one key per page.
 */
export async function* follow<Page, T>(
  read: (link?: string) => Promise<Fetched<Page>>,
  { key, records: list, next, cursor }: Pages<Page, T>,
): AsyncGenerator<T> {
  let { page, response } = await read();
  const followed = new Set<string>();
  const openedBy = new Map<string, number>(); // the first record's key → the page it opened
  let pages = 1;
  let delivered = 0;
  let lastCursor: string | undefined;
  const fail = (kind: PaginationError["kind"], message: string, url: string) =>
    new PaginationError(`${message}; ${delivered} records were delivered before it, the rest were not`, {
      url,
      kind,
      pages,
      delivered,
    });
  for (;;) {
    const found = records("GET", response, page, list(page), key);
    if (found.length) {
      const first = keyOf(found[0]);
      const earlier = openedBy.get(first);
      if (earlier !== undefined)
        throw fail(
          "repeat",
          `page ${pages} repeats page ${earlier} (the server ignored the page asked for)`,
          response.url,
        );
      openedBy.set(first, pages);
    }
    const position = cursor?.(page) ?? undefined;
    if (position !== undefined && position === lastCursor)
      throw fail("cursor", `the cursor did not move on page ${pages} (still ${position})`, response.url);
    lastCursor = position;
    // A plain loop: `yield*` over an array in an async generator wraps it in an async-from-sync
    // iterator, with extra promise turns for every record.
    for (const record of found) {
      delivered++;
      yield record;
    }
    const link = next(page);
    if (typeof link !== "string" || !link) return;
    if (followed.has(link) || link === response.url)
      throw fail("loop", `the next-page link of page ${pages} leads back to a page already read: ${link}`, link);
    followed.add(link);
    pages++;
    ({ page, response } = await read(link));
  }
}

/** A second the export went past with `onStall: "skip"`: the rest of its events were not delivered. */
export interface SkippedSecond {
  /** Unix seconds. */
  second: number;
  /** How many of its events were delivered before it was skipped. */
  delivered: number;
}

/**
 * Where an incremental export stands: the `start_time` to ask for next, and the ids already
 * delivered since the last page began (at most one page of them). It is plain JSON: save it after
 * handling each event or batch, and an export restarted from it delivers every later event once.
 * `skipped` lists the seconds an export went past with `onStall: "skip"`, kept across resumes.
 */
export interface ExportCheckpoint {
  startTime: number;
  seen: string[];
  skipped?: SkippedSecond[] | undefined;
}

export interface ExportOptions {
  /** Unix seconds, or a Date, to start from. Ignored when `checkpoint` is given. */
  startTime?: number | Date | undefined;
  /** A checkpoint saved from an earlier run, to resume exactly where it stopped. */
  checkpoint?: ExportCheckpoint | undefined;
  /**
   * The most events the server puts on one export page, when known (the API does not document
   * it). With it, a page that repeats is known full or not at once; without it, one request from
   * the next second tells (see `onStall`).
   */
  pageSize?: number | undefined;
  /**
   * What to do when the export is stuck: more events share one second than fit on a page, so
   * reading from that second returns the same full page again. `"throw"` (the default) throws an
   * ExportStalledError with the checkpoint to resume from. `"skip"` goes on from the next second:
   * the rest of that second's events are not delivered, and the second is recorded in
   * `checkpoint.skipped` (and passed to `onSkip`).
   */
  onStall?: "throw" | "skip" | undefined;
  /** Called with each second skipped under `onStall: "skip"`. */
  onSkip?: ((skipped: SkippedSecond) => void) | undefined;
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
 * once.
 *
 * A page that brings nothing new without moving `end_time` is either the end (caught up) or a
 * stall: the page is full of one second's events and the server cannot page inside a second. It is
 * a stall when the page is full: `pageSize` events or more, or, without `pageSize`, when the next
 * second already has events (the page would have held them, had it room). A stall is never an end.
 */
export function exportEvents(
  fetchPage: (startTime: number, signal?: AbortSignal) => Promise<Fetched<SideConversationEventExportResponse>>,
  { checkpoint, startTime: given, signal, pageSize, onStall = "throw", onSkip }: ExportOptions,
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
  const skipped = checkpoint?.skipped ?? [];
  if (
    !Array.isArray(skipped) ||
    !skipped.every((s) => Number.isSafeInteger(s?.second) && Number.isSafeInteger(s?.delivered))
  ) {
    throw new ValidationError(
      "checkpoint.skipped",
      skipped,
      "must be the list of skipped seconds saved with the checkpoint",
    );
  }
  if (pageSize !== undefined && !(Number.isSafeInteger(pageSize) && pageSize > 0)) {
    throw new ValidationError("pageSize", pageSize, "must be a whole number of events greater than 0");
  }
  if (onStall !== "throw" && onStall !== "skip") {
    throw new ValidationError("onStall", onStall, 'must be "throw" or "skip"');
  }
  let seen = new Set(checkpoint?.seen);
  const stalls = skipped.map((s) => ({ second: s.second, delivered: s.delivered }));
  const where = (): ExportCheckpoint => ({
    startTime,
    seen: [...seen],
    ...(stalls.length && { skipped: stalls.map((s) => ({ ...s })) }),
  });
  return {
    get checkpoint() {
      return where();
    },
    async *[Symbol.asyncIterator]() {
      let pages = 0;
      let delivered = 0;
      let ahead: Fetched<SideConversationEventExportResponse> | undefined;
      for (;;) {
        const { page, response } = ahead ?? (await fetchPage(startTime, signal));
        ahead = undefined;
        pages++;
        const events: SideConversationEvent[] = records("GET", response, page, page.events, "events");
        let fresh = 0;
        for (const event of events) {
          const key = keyOf(event);
          if (seen.has(key)) continue;
          seen.add(key);
          fresh++;
          delivered++;
          yield event;
        }
        const next = typeof page.next_page === "string" && page.next_page ? page.next_page : undefined;
        const end = page.end_time;
        if (typeof end === "number" && Number.isSafeInteger(end) && end > startTime) {
          // Only the page just read can come again on the next one (its boundary second, or more
          // where the server's export time and created_at disagree): remember its ids, forget older.
          startTime = end;
          seen = new Set(events.map(keyOf));
        } else if (!fresh) {
          // Nothing new, and end_time did not move: caught up, unless the page is full of the
          // second it started from (end_time is that second) and the server has more.
          if (!next || end !== startTime || !events.length) return;
          const second = startTime;
          let full = pageSize !== undefined && events.length >= pageSize;
          if (pageSize === undefined) {
            // Events after this second exist only if the page had no room for them. Under "skip",
            // this answer is the page read next.
            ahead = await fetchPage(second + 1, signal);
            const later = records("GET", ahead.response, ahead.page, ahead.page.events, "events");
            full = later.some((event) => !seen.has(keyOf(event)));
          }
          if (!full) return;
          const stall = { second, delivered: events.length };
          if (onStall === "throw") {
            throw new ExportStalledError(
              `the export is stuck at second ${second} (${iso(second)}): ${events.length} of its events were ` +
                `delivered, but more share that second than fit on one page, and the server cannot page inside ` +
                `a second. Resume from the error's checkpoint with { onStall: "skip" } to go past it (the rest ` +
                `of that second is skipped and recorded)`,
              {
                url: response.url,
                kind: "stall",
                pages,
                delivered,
                second,
                deliveredInSecond: events.length,
                checkpoint: where(),
              },
            );
          }
          stalls.push(stall);
          startTime = second + 1;
          seen = new Set();
          onSkip?.({ ...stall });
          continue;
        }
        if (!next) return;
      }
    },
  };
}

const iso = (second: number) => new Date(second * 1000).toISOString().replace(".000Z", "Z");

/**
 * What makes a record the same one when a page repeats it: its id, or, for a record without one
 * (the API always sends ids; a proxy might not), its whole content. Without this, such an event
 * would count as new on every repeat, and an export that has caught up would never stop.
 */
const keyOf = (record: unknown): string => {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : typeof id === "number" ? `#${id}` : JSON.stringify(record);
};
