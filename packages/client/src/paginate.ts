// The API's three pagination styles as async iterators of records. Each holds one page at a
// time, so memory stays flat however long the list. Next-page links go through the transport,
// which refuses any origin but the configured one.
import { ResponseError, ValidationError } from "./errors.js";
import { records } from "./results.js";
import type { Answer } from "./transport.js";
import type { SideConversationEvent } from "./types.js";

/** A page as fetched: its parsed body and the answer it came in. */
export interface Fetched {
  page: Record<string, unknown>;
  answer: Answer;
}

/**
 * Yields the `key` records of each page and follows the link `next(page)` gives, until it gives
 * none. Used for offset lists (`next_page`) and the cursor log (`links.next` while `has_more`).
 * The first page is read when iteration starts, not before.
 */
export async function* follow<T>(
  first: () => Promise<Fetched>,
  key: string,
  next: (page: Record<string, unknown>) => unknown,
  fetchUrl: (url: string) => Promise<Fetched>,
): AsyncGenerator<T> {
  let current = await first();
  let url: unknown;
  for (;;) {
    // A plain loop: `yield*` over an array in an async generator wraps it in an async-from-sync
    // iterator, with extra promise turns for every record.
    for (const record of records<T>(current.answer, current.page, key)) yield record;
    const link = next(current.page);
    if (typeof link !== "string" || !link) return;
    if (link === url)
      throw new ResponseError(`the next-page link points back to the page just read: ${link}`, { url: link });
    url = link;
    current = await fetchUrl(link);
  }
}

export const nextPage = (page: Record<string, unknown>) => page.next_page;
export const nextCursor = (page: Record<string, unknown>) =>
  (page.meta as { has_more?: unknown } | undefined)?.has_more === true &&
  (page.links as { next?: unknown } | undefined)?.next;

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
  startTime?: number | Date;
  /** A checkpoint saved from an earlier run, to resume exactly where it stopped. */
  checkpoint?: ExportCheckpoint;
  signal?: AbortSignal;
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
  fetchPage: (startTime: number, signal?: AbortSignal) => Promise<Fetched>,
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
        const { page, answer } = await fetchPage(startTime, signal);
        const events = records<SideConversationEvent>(answer, page, "events");
        let fresh = 0;
        for (const event of events) {
          const id = event?.id;
          if (typeof id === "string") {
            if (seen.has(id)) continue;
            seen.add(id);
          }
          fresh++;
          yield event;
        }
        const end = page.end_time;
        if (Number.isSafeInteger(end) && (end as number) > startTime) {
          // Only the page just read can come again on the next one (its boundary second, or more
          // where the server's export time and created_at disagree): remember its ids, forget older.
          startTime = end as number;
          seen = new Set(events.map((event) => event?.id).filter((id): id is string => typeof id === "string"));
        } else if (!fresh) {
          return;
        }
        if (typeof page.next_page !== "string" || !page.next_page) return;
      }
    },
  };
}
