// The sandbox's state: tickets, side conversations, their events, uploaded attachments and each
// ticket's conversation log, indexed for what the operations ask (a side conversation by id, a
// ticket's list, the account's events in time order for the export). Every write goes through
// `apply`, which also reports it as a `Change`: the HTTP face appends changes to a journal, and
// replays them through the same `apply` at start.
import { examples } from "../generated/examples.js";
import type { ConversationLogRecord, SideConversation, SideConversationEvent, UploadedAttachment } from "./types.js";

/** The seed and data-file format. */
export interface SandboxData {
  /** The ids of the tickets that exist. */
  tickets: number[];
  /** Side conversations, shaped as the spec's `SideConversation`. */
  side_conversations: SideConversation[];
  /** Their events, shaped as `SideConversationEvent`, each with `side_conversation_id`. */
  events: SideConversationEvent[];
  /** Uploaded attachments, shaped as `UploadedAttachment`. */
  attachments: UploadedAttachment[];
  /** Conversation log records by ticket id, shaped as `ConversationLogEvent`. */
  conversation_log: Record<string, ConversationLogRecord[]>;
  /**
   * What a request on a ticket the sandbox has not seen does: `"create"` makes it exist (the
   * default), `"404"` answers 404 naming the ticket (to test how your code meets a missing one).
   */
  unknownTickets?: "create" | "404";
}

/** One write, as the journal keeps it. A record is stored whole (an upsert by id). */
export type Change =
  | { kind: "ticket"; id: number }
  | { kind: "side_conversation"; record: SideConversation }
  | { kind: "event"; record: SideConversationEvent }
  | { kind: "attachment"; record: UploadedAttachment };

export class SandboxDataError extends Error {
  override name = "SandboxDataError";
}

export const emptyData = (): SandboxData => ({
  tickets: [],
  side_conversations: [],
  events: [],
  attachments: [],
  conversation_log: {},
});

/** The spec's own examples: ticket 42 with two side conversations, their events and a conversation log. */
export function examplesData(): SandboxData {
  const sideConversations = structuredClone(examples.side_conversations) as SideConversation[];
  const tickets = new Set<number>([42]);
  for (const sc of sideConversations) {
    tickets.add(Number(sc.ticket_id));
    const target = sc.external_ids?.targetTicketId;
    if (target !== undefined) tickets.add(Number(target));
  }
  return {
    tickets: [...tickets].sort((a, b) => a - b),
    side_conversations: sideConversations,
    events: (structuredClone(examples.events) as SideConversationEvent[]).map((event) => ({ ticket_id: 42, ...event })),
    attachments: structuredClone(examples.attachments) as UploadedAttachment[],
    conversation_log: { 42: structuredClone(examples.conversation_log) as ConversationLogRecord[] },
  };
}

const shown = (value: unknown) => JSON.stringify(value)?.slice(0, 60);

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/i;

/**
 * An RFC 3339 date-time that is a real instant: month 1-12, a day its month has, 00:00:00 to
 * 23:59:59, an offset within ±23:59. `Date.parse` and the spec's pattern both take
 * `2025-19-39T29:59:59Z`; a record with it would not load again.
 */
export function isInstant(value: unknown): boolean {
  if (typeof value !== "string") return false;
  const m = INSTANT.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    (m[8] === undefined || (Number(m[8]) <= 23 && Number(m[9]) <= 59)) &&
    Number.isFinite(Date.parse(value))
  );
}

/**
 * The first number in `value` that JSON cannot carry back exactly (not finite: written as null;
 * an integer past 2^53: rounded), as [path, number]; undefined when there is none.
 */
export function inexactNumber(value: unknown, path: string[] = []): [string[], number] | undefined {
  if (typeof value === "number")
    return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value))
      ? undefined
      : [path, value];
  if (value && typeof value === "object")
    for (const [key, inner] of Object.entries(value)) {
      const found = inexactNumber(inner, [...path, key]);
      if (found) return found;
    }
  return undefined;
}

type Fail = (problem: string) => never;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** The rules a record must keep to load again: each problem is passed to `fail` naming `where` and the value. */
function checkRecord(
  kind: "side_conversations" | "events" | "attachments",
  record: unknown,
  where: string,
  fail: Fail,
) {
  if (!isRecord(record)) fail(`${where} must be an object, got ${shown(record)}`);
  const r = record as Record<string, unknown>;
  const required = {
    side_conversations: ["id", "ticket_id", "created_at"],
    events: ["id", "side_conversation_id", "type", "created_at"],
    attachments: ["id"],
  }[kind];
  for (const field of required) if (r[field] === undefined) fail(`${where} has no "${field}"`);
  if (typeof r.id !== "string") fail(`${where}.id must be a string, got ${shown(r.id)}`);
  if (kind === "side_conversations" && !(Number.isSafeInteger(r.ticket_id) && (r.ticket_id as number) > 0))
    fail(`${where}.ticket_id must be a positive integer, got ${shown(r.ticket_id)}`);
  if (kind !== "attachments" && !isInstant(r.created_at))
    fail(`${where}.created_at must be a date-time that is a real instant, got ${shown(r.created_at)}`);
  const inexact = inexactNumber(r);
  if (inexact) fail(`${where}.${inexact[0].join(".")} is ${inexact[1]}, a number JSON cannot carry exactly`);
}

/** Checks one change before it is applied and journaled, by the rules `checkData` applies at load. */
export function checkChange(change: Change, state: State, where = "the change"): void {
  const fail: Fail = (problem) => {
    throw new SandboxDataError(`${where}: ${problem}`);
  };
  if (!isRecord(change)) fail(`must be an object, got ${shown(change)}`);
  switch (change.kind) {
    case "ticket":
      if (!(Number.isSafeInteger(change.id) && change.id > 0))
        fail(`a ticket id must be a positive integer, got ${shown(change.id)}`);
      return;
    case "side_conversation":
      checkRecord("side_conversations", change.record, "side_conversation", fail);
      return;
    case "event":
      checkRecord("events", change.record, "event", fail);
      if (!state.sideConversations.has(change.record.side_conversation_id))
        fail(
          `event belongs to side conversation ${shown(change.record.side_conversation_id)}, which the sandbox does not have`,
        );
      return;
    case "attachment":
      checkRecord("attachments", change.record, "attachment", fail);
      return;
    default:
      fail(
        `"kind" must be ticket, side_conversation, event or attachment, got ${shown((change as { kind?: unknown }).kind)}`,
      );
  }
}

/** Checks a seed or data file's shape; each problem names where it is and the value found. */
export function checkData(data: unknown, where: string): SandboxData {
  const fail: Fail = (problem) => {
    throw new SandboxDataError(`${where}: ${problem}`);
  };
  if (!isRecord(data)) fail(`must be a JSON object, got ${shown(data)}`);
  const d = data as Record<string, unknown>;
  const list = (key: string) => {
    const value = d[key] ?? [];
    if (!Array.isArray(value)) fail(`"${key}" must be an array, got ${shown(value)}`);
    return value as unknown[];
  };
  const tickets = list("tickets");
  for (const [i, id] of tickets.entries())
    if (!Number.isSafeInteger(id) || (id as number) < 1)
      fail(`tickets[${i}] must be a positive integer, got ${shown(id)}`);
  const records = <T>(key: "side_conversations" | "events" | "attachments") =>
    list(key).map((record, i) => {
      checkRecord(key, record, `${key}[${i}]`, fail);
      return record as T;
    });
  const sideConversations = records<SideConversation>("side_conversations");
  const known = new Set(sideConversations.map((sc) => sc.id));
  const events = records<SideConversationEvent>("events");
  for (const [i, event] of events.entries())
    if (!known.has(event.side_conversation_id))
      fail(
        `events[${i}] belongs to side conversation ${shown(event.side_conversation_id)}, which is not in "side_conversations"`,
      );
  const log = d.conversation_log ?? {};
  if (!isRecord(log)) fail(`"conversation_log" must be an object of ticket id → records, got ${shown(log)}`);
  for (const [ticket, entries] of Object.entries(log as Record<string, unknown>))
    if (!Array.isArray(entries)) fail(`conversation_log["${ticket}"] must be an array, got ${shown(entries)}`);
  const unknownTickets = d.unknownTickets;
  if (unknownTickets !== undefined && unknownTickets !== "create" && unknownTickets !== "404")
    fail(`"unknownTickets" must be "create" or "404", got ${shown(unknownTickets)}`);
  return {
    tickets: tickets as number[],
    side_conversations: sideConversations,
    events,
    attachments: records<UploadedAttachment>("attachments"),
    conversation_log: log as Record<string, ConversationLogRecord[]>,
    ...(unknownTickets !== undefined && { unknownTickets: unknownTickets as "create" | "404" }),
  };
}

/** Milliseconds of an ISO time, for ordering. */
export const timeOf = (iso: string | null | undefined) => Date.parse(String(iso));
const before = (a: { created_at: string; id: string }, b: { created_at: string; id: string }) =>
  timeOf(a.created_at) - timeOf(b.created_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Inserts `record` into `list` kept in time order: a binary search, and at the end when newest. */
function insertInOrder<T extends { created_at: string; id: string }>(list: T[], record: T): number {
  const last = list.at(-1);
  if (!last || before(last, record) <= 0) return list.push(record) - 1; // the newest: most writes, every replay
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(list[middle] as T, record) <= 0) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, record);
  return low;
}

/** The ids of the tickets that exist, and the highest of them (a new child ticket's is the next). */
class Tickets extends Set<number> {
  #highest = 0;
  override add(id: number): this {
    if (id > this.#highest) this.#highest = id;
    return super.add(id);
  }
  /** Kept as ids are added: never a spread of the whole set into Math.max's arguments (which fails past ~100,000). */
  get highest(): number {
    return this.#highest;
  }
}

export class State {
  readonly tickets = new Tickets();
  readonly sideConversations = new Map<string, SideConversation>();
  /** Each ticket's side conversations, in the order they were made (time order). */
  readonly byTicket = new Map<number, SideConversation[]>();
  /** Each side conversation's events, in time order. */
  readonly eventsOf = new Map<string, SideConversationEvent[]>();
  /** The account's events in time order, and their Unix seconds: the export's index. */
  readonly timeline: SideConversationEvent[] = [];
  readonly seconds: number[] = [];
  readonly #eventIds = new Set<string>();
  readonly attachments = new Map<string, UploadedAttachment>();
  readonly log = new Map<number, ConversationLogRecord[]>();
  readonly unknownTickets: "create" | "404";

  constructor(data: SandboxData) {
    this.unknownTickets = data.unknownTickets ?? "create";
    for (const id of data.tickets) this.tickets.add(id);
    for (const sc of data.side_conversations) this.apply({ kind: "side_conversation", record: sc });
    for (const event of data.events) this.apply({ kind: "event", record: event });
    for (const attachment of data.attachments) this.apply({ kind: "attachment", record: attachment });
    for (const [ticket, records] of Object.entries(data.conversation_log))
      this.log.set(Number(ticket), [...records].sort(before));
  }

  /** Makes one change. Records are upserts by id: applying a journal twice changes nothing. */
  apply(change: Change): void {
    switch (change.kind) {
      case "ticket":
        this.tickets.add(change.id);
        return;
      case "side_conversation": {
        const { record } = change;
        const known = this.sideConversations.get(record.id);
        if (known) {
          // Replaced, never changed in place: a view taken before (a state dump being written out)
          // keeps the record as it was.
          this.sideConversations.set(record.id, record);
          const list = this.byTicket.get(Number(known.ticket_id)) ?? [];
          const at = list.indexOf(known);
          if (at >= 0) list[at] = record;
          return;
        }
        this.sideConversations.set(record.id, record);
        this.tickets.add(Number(record.ticket_id));
        const list = this.byTicket.get(Number(record.ticket_id)) ?? [];
        if (!list.length) this.byTicket.set(Number(record.ticket_id), list);
        insertInOrder(list, record);
        return;
      }
      case "event": {
        const { record } = change;
        if (this.#eventIds.has(record.id)) return;
        this.#eventIds.add(record.id);
        const list = this.eventsOf.get(record.side_conversation_id) ?? [];
        if (!list.length) this.eventsOf.set(record.side_conversation_id, list);
        insertInOrder(list, record);
        const at = insertInOrder(this.timeline, record);
        this.seconds.splice(at, 0, Math.floor(timeOf(record.created_at) / 1000));
        return;
      }
      case "attachment":
        this.attachments.set(change.record.id, change.record);
        return;
    }
  }

  /**
   * The state now, as the seed format's lists of the records themselves (not copies). Cheap (lists
   * of references), and it stays as it was while the state goes on changing, because a change
   * replaces a record and never edits one: what a dump or a compaction writes out is one moment.
   */
  view(): SandboxData {
    const conversation_log: Record<string, ConversationLogRecord[]> = {};
    for (const [ticket, records] of this.log) conversation_log[ticket] = records;
    return {
      tickets: [...this.tickets].sort((a, b) => a - b),
      side_conversations: [...this.sideConversations.values()],
      events: [...this.timeline],
      attachments: [...this.attachments.values()],
      conversation_log,
      ...(this.unknownTickets === "404" && { unknownTickets: "404" as const }),
    };
  }

  /** The state as data (a deep copy): the seed format, for `snapshot()`. */
  toData(): SandboxData {
    return structuredClone(this.view());
  }
}

/** About this many characters of JSON text per chunk of `dataText` and `journalText`. */
const CHUNK_CHARS = 256 * 1024;

/** Joins the JSON text of `records` into chunks of about CHUNK_CHARS, each item made by `text`. */
function* chunked<T>(records: Iterable<T>, text: (record: T) => string, separator: string): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  let first = true;
  for (const record of records) {
    const part = (first ? "" : separator) + text(record);
    first = false;
    parts.push(part);
    size += part.length;
    if (size >= CHUNK_CHARS) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join("");
}

/**
 * A view's JSON text (the seed format, as `JSON.stringify(view)` writes it) in chunks, so that a
 * face can send a state of any size a piece at a time, with the event loop free between pieces.
 */
export function* dataText(view: SandboxData): Generator<string> {
  const { side_conversations, events, attachments, ...rest } = view;
  yield `{"tickets":${JSON.stringify(rest.tickets)},"side_conversations":[`;
  yield* chunked(side_conversations, (r) => JSON.stringify(r), ",");
  yield `],"events":[`;
  yield* chunked(events, (r) => JSON.stringify(r), ",");
  yield `],"attachments":[`;
  yield* chunked(attachments, (r) => JSON.stringify(r), ",");
  yield `],"conversation_log":${JSON.stringify(rest.conversation_log)}${rest.unknownTickets ? `,"unknownTickets":${JSON.stringify(rest.unknownTickets)}` : ""}}`;
}

/**
 * A view as a journal (the data file's format 3), in chunks: a first line with what no change
 * carries (tickets, conversation logs, settings), then one line per record, as the changes that
 * make it. Read back a line at a time, so a start never holds the file's text whole.
 */
export function* journalText(view: SandboxData): Generator<string> {
  const { side_conversations, events, attachments, ...head } = view;
  yield `${JSON.stringify({ sideconvoSandbox: 3, ...head })}\n`;
  const line = (change: Change) => `${JSON.stringify(change)}\n`;
  yield* chunked(side_conversations, (record) => line({ kind: "side_conversation", record }), "");
  yield* chunked(events, (record) => line({ kind: "event", record }), "");
  yield* chunked(attachments, (record) => line({ kind: "attachment", record }), "");
}
