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

/** Checks a seed or data file's shape; each problem names where it is and the value found. */
export function checkData(data: unknown, where: string): SandboxData {
  const fail = (problem: string): never => {
    throw new SandboxDataError(`${where}: ${problem}`);
  };
  if (!data || typeof data !== "object" || Array.isArray(data)) fail(`must be a JSON object, got ${shown(data)}`);
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
  const records = <T>(key: string, required: string[]) =>
    list(key).map((record, i) => {
      if (!record || typeof record !== "object" || Array.isArray(record))
        fail(`${key}[${i}] must be an object, got ${shown(record)}`);
      for (const field of required)
        if ((record as Record<string, unknown>)[field] === undefined) fail(`${key}[${i}] has no "${field}"`);
      return record as T;
    });
  const sideConversations = records<SideConversation>("side_conversations", ["id", "ticket_id", "created_at"]);
  for (const [i, sc] of sideConversations.entries())
    if (Number.isNaN(Date.parse(sc.created_at)))
      fail(`side_conversations[${i}].created_at must be a date-time, got ${shown(sc.created_at)}`);
  const known = new Set(sideConversations.map((sc) => sc.id));
  const events = records<SideConversationEvent>("events", ["id", "side_conversation_id", "type", "created_at"]);
  for (const [i, event] of events.entries()) {
    if (!known.has(event.side_conversation_id))
      fail(
        `events[${i}] belongs to side conversation ${shown(event.side_conversation_id)}, which is not in "side_conversations"`,
      );
    if (Number.isNaN(Date.parse(event.created_at)))
      fail(`events[${i}].created_at must be a date-time, got ${shown(event.created_at)}`);
  }
  const log = d.conversation_log ?? {};
  if (!log || typeof log !== "object" || Array.isArray(log))
    fail(`"conversation_log" must be an object of ticket id → records, got ${shown(log)}`);
  for (const [ticket, entries] of Object.entries(log as Record<string, unknown>))
    if (!Array.isArray(entries)) fail(`conversation_log["${ticket}"] must be an array, got ${shown(entries)}`);
  const unknownTickets = d.unknownTickets;
  if (unknownTickets !== undefined && unknownTickets !== "create" && unknownTickets !== "404")
    fail(`"unknownTickets" must be "create" or "404", got ${shown(unknownTickets)}`);
  return {
    tickets: tickets as number[],
    side_conversations: sideConversations,
    events,
    attachments: records<UploadedAttachment>("attachments", ["id"]),
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

export class State {
  readonly tickets = new Set<number>();
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
          Object.assign(known, record);
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

  /** The state as data (a copy): the seed format, for `snapshot()` and the journal's compaction. */
  toData(): SandboxData {
    const conversation_log: Record<string, ConversationLogRecord[]> = {};
    for (const [ticket, records] of this.log) conversation_log[ticket] = records;
    return structuredClone({
      tickets: [...this.tickets].sort((a, b) => a - b),
      side_conversations: [...this.sideConversations.values()],
      events: [...this.timeline],
      attachments: [...this.attachments.values()],
      conversation_log,
      ...(this.unknownTickets === "404" && { unknownTickets: "404" as const }),
    });
  }
}
