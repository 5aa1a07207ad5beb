// The sandbox's state: tickets, side conversations, their events, uploaded attachments and the
// conversation log records of each ticket, in memory, optionally kept in a JSON file so that it
// survives a restart. Records are plain JSON shaped as the spec's responses; the server (server.ts)
// is what changes them.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export type Json = Record<string, unknown>;

/** The seed and data-file format (a data file adds `"sideconvoSandbox": 1`). */
export interface SandboxData {
  /** The ids of the tickets that exist. */
  tickets: number[];
  /** Side conversations, shaped as the spec's `SideConversation`. */
  side_conversations: Json[];
  /** Their events, shaped as `SideConversationEvent`, each with `side_conversation_id`. */
  events: Json[];
  /** Uploaded attachments, shaped as `UploadedAttachment`. */
  attachments: Json[];
  /** Conversation log records by ticket id, shaped as `ConversationLogEvent`. */
  conversation_log: Record<string, Json[]>;
}

export type Seed = "examples" | "empty" | SandboxData;

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
export function examplesData(spec: Json): SandboxData {
  const examples = ((spec.components as Json)?.examples ?? {}) as Record<string, { value?: Json }>;
  const value = (name: string) => structuredClone(examples[name]?.value ?? {}) as Json;
  const sideConversations = (value("SideConversationList").side_conversations ?? []) as Json[];
  const events = (value("SideConversationEventList").events ?? []) as Json[];
  const log = (value("ConversationLogPage").events ?? []) as Json[];
  const tickets = new Set<number>([42]);
  for (const sc of sideConversations) {
    tickets.add(Number(sc.ticket_id));
    const target = (sc.external_ids as Json | undefined)?.targetTicketId;
    if (target !== undefined) tickets.add(Number(target));
  }
  return {
    tickets: [...tickets].sort((a, b) => a - b),
    side_conversations: sideConversations,
    events: events.map((event) => ({ ticket_id: 42, ...event })),
    attachments: [],
    conversation_log: { 42: log },
  };
}

/** Checks a seed or data file's shape; each problem names where it is. */
export function checkData(data: unknown, where: string): SandboxData {
  const fail = (problem: string): never => {
    throw new SandboxDataError(`${where}: ${problem}`);
  };
  if (!data || typeof data !== "object" || Array.isArray(data))
    fail(`must be a JSON object, got ${JSON.stringify(data)?.slice(0, 60)}`);
  const d = data as Json;
  const list = (key: string) => {
    const value = d[key] ?? [];
    if (!Array.isArray(value)) fail(`"${key}" must be an array, got ${JSON.stringify(value).slice(0, 60)}`);
    return value as unknown[];
  };
  const tickets = list("tickets");
  for (const [i, id] of tickets.entries())
    if (!Number.isSafeInteger(id) || (id as number) < 1)
      fail(`tickets[${i}] must be a positive integer, got ${JSON.stringify(id)}`);
  const records = (key: string, required: string[]) =>
    list(key).map((record, i) => {
      if (!record || typeof record !== "object" || Array.isArray(record)) fail(`${key}[${i}] must be an object`);
      for (const field of required) if ((record as Json)[field] === undefined) fail(`${key}[${i}] has no "${field}"`);
      return record as Json;
    });
  const sideConversations = records("side_conversations", ["id", "ticket_id", "created_at"]);
  const known = new Set(sideConversations.map((sc) => sc.id));
  const events = records("events", ["id", "side_conversation_id", "type", "created_at"]);
  for (const [i, event] of events.entries())
    if (!known.has(event.side_conversation_id))
      fail(
        `events[${i}] belongs to side conversation ${JSON.stringify(event.side_conversation_id)}, which is not in "side_conversations"`,
      );
  const log = d.conversation_log ?? {};
  if (!log || typeof log !== "object" || Array.isArray(log))
    fail(`"conversation_log" must be an object of ticket id → records`);
  for (const [ticket, entries] of Object.entries(log as Json))
    if (!Array.isArray(entries)) fail(`conversation_log["${ticket}"] must be an array`);
  return {
    tickets: tickets as number[],
    side_conversations: sideConversations,
    events,
    attachments: records("attachments", ["id"]),
    conversation_log: log as Record<string, Json[]>,
  };
}

export interface StoreOptions {
  seed: SandboxData;
  /** A JSON file the state is read from at start (when it exists) and written to after each change. */
  file?: string | undefined;
}

export class Store {
  data: SandboxData;
  /** Counts changes (each save), so that derived views such as the export's order can be cached. */
  version = 0;
  readonly #seed: SandboxData;
  readonly #file: string | undefined;

  constructor({ seed, file }: StoreOptions) {
    this.#seed = structuredClone(seed);
    this.#file = file;
    if (file && existsSync(file)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        throw new SandboxDataError(`${file}: not JSON (${(error as Error).message})`);
      }
      if ((parsed as Json)?.sideconvoSandbox !== 1)
        throw new SandboxDataError(
          `${file}: not a sandbox data file (no "sideconvoSandbox": 1); refusing to overwrite it`,
        );
      this.data = checkData(parsed, file);
    } else {
      this.data = structuredClone(seed);
      this.save();
    }
  }

  /** Back to the seed (the data file too). */
  reset(): void {
    this.data = structuredClone(this.#seed);
    this.save();
  }

  /** Writes the data file, whole, through a temporary file: a crash never leaves half a file. */
  save(): void {
    this.version++;
    if (!this.#file) return;
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ sideconvoSandbox: 1, ...this.data }, null, 2)}\n`);
    renameSync(temporary, this.#file);
  }
}
