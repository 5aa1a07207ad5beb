// The curated tools: what an agent needs to escalate a ticket and collect the answers, not one tool
// per operation. Each is a name, a description written for a model, JSON Schemas from the spec,
// the MCP annotations that are true of it (they differ between the sandbox and an account: only an
// account is an open world), and a `run` that checks its input, calls the client and shapes the
// answer.

import type { Tool, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { type ExportCheckpoint, ExportStalledError, type SideConversationMessageInput } from "@sideconvo/client";
import { explainRefusal, SANDBOX_URL } from "@sideconvo/sandbox";
import type { Connection } from "./connection.js";
import { RefusedInput, ToolInputError, WritesOff } from "./results.js";
import { type JsonSchema, parameterSchema, propertyOf, schemaOf } from "./spec-schemas.js";

export interface ToolContext {
  connection: Connection;
  allowWrites: boolean;
  signal: AbortSignal;
}

export interface SideconvoTool {
  definition: Tool;
  /** Returns the structured result and a one-line summary of it. */
  run(
    args: Record<string, unknown>,
    context: ToolContext,
  ): Promise<{ summary: string; result: Record<string, unknown> }>;
}

/** The most events one read_events_since call returns; the cursor continues from there. */
export const MAX_EVENTS = 1000;

const ENVIRONMENT: JsonSchema = {
  type: "string",
  enum: ["sandbox", "account"],
  description: "sandbox: practice in this process, nothing reaches anyone; account: the real account.",
};

const object = (properties: Record<string, JsonSchema>, required: string[]): Tool["inputSchema"] => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});

const output = (properties: Record<string, JsonSchema>, required: string[]): NonNullable<Tool["outputSchema"]> => ({
  type: "object",
  properties: { environment: ENVIRONMENT, ...properties },
  required: ["environment", ...required],
});

/** Every tool, built for one environment (its descriptions and annotations say which). */
export function buildTools(environment: "sandbox" | "account"): SideconvoTool[] {
  const live = environment === "account";
  const reads: ToolAnnotations = {
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: live,
  };
  const sends: ToolAnnotations = {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: live,
  };
  const sets: ToolAnnotations = { ...sends, idempotentHint: true };
  const writeNote = live
    ? " This sends a message to real people (email, Slack, Teams or a child ticket's group); it is refused unless the server was started with --allow-writes."
    : " Practice mode: this runs on the sandbox; nothing is sent to anyone.";

  const ticketId = parameterSchema("TicketId");
  const sideConversationId = parameterSchema("SideConversationId");
  const sideConversation = schemaOf("SideConversation");
  const event = schemaOf("SideConversationEvent");
  const events: JsonSchema = { type: "array", items: event };
  const message = (need: string) => ({
    subject: propertyOf("SideConversationMessageInput", "subject"),
    body: { ...propertyOf("SideConversationMessageInput", "body"), minLength: 1 },
    html_body: propertyOf("SideConversationMessageInput", "html_body"),
    to: { ...propertyOf("SideConversationMessageInput", "to"), description: need },
  });
  const written = output(
    { side_conversation: sideConversation, event: { ...event, description: "The event this write recorded." } },
    ["side_conversation"],
  );

  return [
    {
      definition: {
        name: "list_side_conversations",
        title: "List a ticket's side conversations",
        description:
          "Lists the side conversations of a ticket (subject, state, participants, preview), 100 a page; with include_events, their events too.",
        inputSchema: object(
          {
            ticket_id: ticketId,
            include_events: {
              type: "boolean",
              description: "Also return the events of the listed side conversations.",
            },
            page: { type: "integer", minimum: 1, description: "The page, from next_page of the previous call." },
          },
          ["ticket_id"],
        ),
        outputSchema: output(
          {
            side_conversations: { type: "array", items: sideConversation },
            events,
            count: { type: ["integer", "null"], description: "How many side conversations the ticket has." },
            next_page: { type: ["integer", "null"], description: "The page to ask for next, or null at the end." },
          },
          ["side_conversations", "next_page"],
        ),
        annotations: { title: "List side conversations", ...reads },
      },
      async run(args, { connection, signal }) {
        const id = ticketOf(args);
        const page = optionalInteger(args, "page", 1) ?? 1;
        const include = optionalBoolean(args, "include_events") ? ("events" as const) : undefined;
        const answer = await connection.zd.sideConversations.list(id, {
          page,
          perPage: 100,
          ...(include && { include }),
          signal,
        });
        const list = answer.side_conversations;
        return {
          summary: `Ticket ${id} has ${answer.count ?? list.length} side conversation(s); page ${page} holds ${list.length}.`,
          result: {
            side_conversations: list,
            ...(answer.events && { events: answer.events }),
            count: answer.count ?? null,
            next_page: answer.next_page ? page + 1 : null,
          },
        };
      },
    },
    {
      definition: {
        name: "show_side_conversation",
        title: "Show a side conversation with its events",
        description:
          "One side conversation of a ticket and its events, oldest first: the message that started it, the replies, and each change of state.",
        inputSchema: object({ ticket_id: ticketId, side_conversation_id: sideConversationId }, [
          "ticket_id",
          "side_conversation_id",
        ]),
        outputSchema: output({ side_conversation: sideConversation, events }, ["side_conversation", "events"]),
        annotations: { title: "Show a side conversation", ...reads },
      },
      async run(args, { connection, signal }) {
        const id = ticketOf(args);
        const sc = idOf(args);
        const answer = await connection.zd.sideConversations.show(id, sc, { include: "events", signal });
        const found = answer.events ?? [];
        return {
          summary: `Side conversation ${sc} on ticket ${id} ("${answer.side_conversation.subject ?? ""}") is ${answer.side_conversation.state}, with ${found.length} event(s).`,
          result: { side_conversation: answer.side_conversation, events: found },
        };
      },
    },
    {
      definition: {
        name: "start_side_conversation",
        title: "Start a side conversation",
        description:
          "Starts a side conversation on a ticket: a message to another team by email, a Slack channel, a Microsoft Teams channel, or a child ticket for a Support group. All recipients must be of one type." +
          writeNote,
        inputSchema: object(
          {
            ticket_id: ticketId,
            ...message(
              "The recipients, all of one type: email addresses (or user ids), one Slack channel, one Teams channel, or a child ticket's Support group. Their type decides the side conversation's.",
            ),
          },
          ["ticket_id", "body", "to"],
        ),
        outputSchema: written,
        annotations: { title: "Start a side conversation", ...sends },
      },
      async run(args, context) {
        const id = ticketOf(args);
        const input = messageOf(args);
        refuseIfBroken("POST", `/api/v2/tickets/${id}/side_conversations`, { message: input });
        writesAllowed(context);
        const answer = await context.connection.zd.sideConversations.create(id, input, { signal: context.signal });
        return {
          summary: `Started side conversation ${answer.side_conversation.id} on ticket ${id}.`,
          result: { ...answer },
        };
      },
    },
    {
      definition: {
        name: "reply_to_side_conversation",
        title: "Reply in a side conversation",
        description: `Adds a message to a side conversation, to recipients of the side conversation's own type.${writeNote}`,
        inputSchema: object(
          {
            ticket_id: ticketId,
            side_conversation_id: sideConversationId,
            ...message("Who the reply goes to, all of the side conversation's type (its participants, usually)."),
          },
          ["ticket_id", "side_conversation_id", "body", "to"],
        ),
        outputSchema: written,
        annotations: { title: "Reply in a side conversation", ...sends },
      },
      async run(args, context) {
        const id = ticketOf(args);
        const sc = idOf(args);
        const input = messageOf(args);
        refuseIfBroken("POST", `/api/v2/tickets/${id}/side_conversations/${encodeURIComponent(sc)}/reply`, {
          message: input,
        });
        writesAllowed(context);
        const answer = await context.connection.zd.sideConversations.reply(id, sc, input, { signal: context.signal });
        return { summary: `Replied in side conversation ${sc} on ticket ${id}.`, result: { ...answer } };
      },
    },
    ...(["close", "reopen"] as const).map(
      (verb): SideconvoTool => ({
        definition: {
          name: `${verb}_side_conversation`,
          title: verb === "close" ? "Close a side conversation" : "Reopen a side conversation",
          description:
            (verb === "close"
              ? "Closes a side conversation once its question is answered; a closed one can be reopened, and a new message to it reopens it."
              : "Reopens a closed side conversation.") +
            " The change is recorded as an event; nobody is messaged." +
            (live ? " Refused unless the server was started with --allow-writes." : " Practice mode: on the sandbox."),
          inputSchema: object({ ticket_id: ticketId, side_conversation_id: sideConversationId }, [
            "ticket_id",
            "side_conversation_id",
          ]),
          outputSchema: output({ side_conversation: sideConversation }, ["side_conversation"]),
          annotations: {
            title: verb === "close" ? "Close a side conversation" : "Reopen a side conversation",
            ...sets,
          },
        },
        async run(args, context) {
          const id = ticketOf(args);
          const sc = idOf(args);
          writesAllowed(context);
          const answer = await context.connection.zd.sideConversations[verb](id, sc, { signal: context.signal });
          return {
            summary: `Side conversation ${sc} on ticket ${id} is ${answer.side_conversation.state}.`,
            result: { side_conversation: answer.side_conversation },
          };
        },
      }),
    ),
    {
      definition: {
        name: "read_conversation_log",
        title: "Read a ticket's conversation log",
        description:
          "The ticket's conversation log: comments and messaging events of every channel, with their authors, oldest first (or newest first with sort -created_at); pass next_cursor back as cursor for more.",
        inputSchema: object(
          {
            ticket_id: ticketId,
            sort: parameterSchema("ConversationLogSort"),
            page_size: { type: "integer", minimum: 1, maximum: 100, description: "Events per call, 1 to 100 (100)." },
            cursor: { type: "string", minLength: 1, description: "next_cursor of the previous call." },
          },
          ["ticket_id"],
        ),
        outputSchema: output(
          {
            events: { type: "array", items: schemaOf("ConversationLogEvent") },
            next_cursor: {
              type: ["string", "null"],
              description: "Pass as cursor for the next events; null at the end.",
            },
          },
          ["events", "next_cursor"],
        ),
        annotations: { title: "Read the conversation log", ...reads },
      },
      async run(args, { connection, signal }) {
        const id = ticketOf(args);
        const sort = optionalEnum(args, "sort", ["created_at", "-created_at"]);
        const pageSize = optionalInteger(args, "page_size", 1, 100);
        const after = optionalString(args, "cursor");
        const answer = await connection.zd.conversationLog.list(id, {
          ...(sort && { sort }),
          ...(pageSize && { pageSize }),
          ...(after && { after }),
          signal,
        });
        const next = answer.meta.has_more ? (answer.meta.after_cursor ?? null) : null;
        return {
          summary: `${answer.events.length} conversation-log event(s) of ticket ${id}${next ? "; more follow (next_cursor)" : ""}.`,
          result: { events: answer.events, next_cursor: next },
        };
      },
    },
    {
      definition: {
        name: "read_events_since",
        title: "Read side-conversation events since a time",
        description: `The side-conversation events of the whole account since a time, oldest first, at most max_events a call (the incremental export; admins only). Pass the returned cursor back to go on: no event is repeated or skipped. caught_up is true when there are no more for now.`,
        inputSchema: object(
          {
            start_time: {
              type: "string",
              format: "date-time",
              description: "Where to start, an ISO 8601 time (2026-12-01T00:00:00Z). Give this or cursor.",
            },
            cursor: { type: "string", minLength: 1, description: "The cursor of the previous call, to go on from it." },
            max_events: {
              type: "integer",
              minimum: 1,
              maximum: MAX_EVENTS,
              description: `The most events to return, 1 to ${MAX_EVENTS} (100).`,
            },
            skip_stalled: {
              type: "boolean",
              description:
                "After a call said stalled_at: go past that second (its events beyond one page are not read; they stay on their side conversations).",
            },
          },
          [],
        ),
        outputSchema: output(
          {
            events,
            cursor: { type: "string", description: "Pass back as cursor to read the events after these." },
            caught_up: { type: "boolean", description: "True when every event so far was returned." },
            stalled_at: {
              type: "integer",
              description:
                "The export is stuck in this second (Unix time): more events share it than fit on a page. Call again with the cursor and skip_stalled.",
            },
            skipped: {
              type: "array",
              description: "Seconds this export went past with skip_stalled, and how many of their events were read.",
              items: {
                type: "object",
                properties: { second: { type: "integer" }, delivered: { type: "integer" } },
                required: ["second", "delivered"],
              },
            },
          },
          ["events", "cursor", "caught_up"],
        ),
        annotations: { title: "Read events since a time", ...reads },
      },
      async run(args, { connection, signal }) {
        const cursor = optionalString(args, "cursor");
        const start = optionalString(args, "start_time");
        const max = optionalInteger(args, "max_events", 1, MAX_EVENTS) ?? 100;
        if ((cursor === undefined) === (start === undefined))
          throw new ToolInputError("start_time", start, "or cursor must be given, one of them");
        const from =
          cursor !== undefined
            ? { checkpoint: checkpointOf(cursor) }
            : { startTime: new Date(dateOf(start as string)) };
        const exporter = connection.zd.iterate.exportEvents({
          ...from,
          ...(optionalBoolean(args, "skip_stalled") && { onStall: "skip" as const }),
        });
        const found: unknown[] = [];
        let caughtUp = true;
        let stalledAt: number | undefined;
        try {
          for await (const event of exporter) {
            if (signal.aborted) throw signal.reason;
            found.push(event);
            if (found.length >= max) {
              caughtUp = false;
              break;
            }
          }
        } catch (error) {
          // A stuck second ends this window, not the export: what was read is returned with the
          // cursor after it, and the agent decides whether to skip the second (nothing is lost quietly).
          if (!(error instanceof ExportStalledError)) throw error;
          caughtUp = false;
          stalledAt = error.second;
        }
        const checkpoint = exporter.checkpoint;
        return {
          summary:
            `${found.length} event(s)` +
            (stalledAt !== undefined
              ? `; the export is stuck in second ${stalledAt} (more events share it than fit on a page): call again with the cursor and skip_stalled: true to go past it.`
              : caughtUp
                ? "; caught up."
                : "; more follow (pass cursor)."),
          result: {
            events: found,
            cursor: cursorOf(checkpoint),
            caught_up: caughtUp,
            ...(stalledAt !== undefined && { stalled_at: stalledAt }),
            ...(checkpoint.skipped?.length && { skipped: checkpoint.skipped }),
          },
        };
      },
    },
  ];
}

// --- input checks: each names the argument, its value and the rule ---------------------------

function ticketOf(args: Record<string, unknown>): number {
  const value = args.ticket_id;
  if (typeof value === "string" && /^[1-9]\d{0,15}$/.test(value)) return Number(value);
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1)
    throw new ToolInputError("ticket_id", value, "must be a positive integer (a ticket's id)");
  return value;
}

function idOf(args: Record<string, unknown>): string {
  const value = args.side_conversation_id;
  if (typeof value !== "string" || !value.trim())
    throw new ToolInputError("side_conversation_id", value, "must be a side conversation's id, a non-empty string");
  return value;
}

function optionalString(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !value) throw new ToolInputError(name, value, "must be a non-empty string");
  return value;
}

function optionalBoolean(args: Record<string, unknown>, name: string): boolean {
  const value = args[name];
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new ToolInputError(name, value, "must be true or false");
  return value;
}

function optionalInteger(args: Record<string, unknown>, name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  const value = args[name];
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
    throw new ToolInputError(
      name,
      value,
      `must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ""}`,
    );
  return value;
}

function optionalEnum<T extends string>(args: Record<string, unknown>, name: string, values: readonly T[]) {
  const value = args[name];
  if (value === undefined) return undefined;
  if (!values.includes(value as T)) throw new ToolInputError(name, value, `must be one of ${values.join(", ")}`);
  return value as T;
}

function dateOf(value: string): number {
  const time = /^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw new ToolInputError("start_time", value, "must be an ISO 8601 date and time, such as 2026-12-01T00:00:00Z");
  return time;
}

/** The message fields of a write's arguments; the rest is checked against the spec by refuseIfBroken. */
function messageOf(args: Record<string, unknown>): SideConversationMessageInput {
  const message: Record<string, unknown> = {};
  for (const field of ["subject", "body", "html_body", "to"])
    if (args[field] !== undefined) message[field] = args[field];
  if (typeof message.body !== "string" || !message.body.trim())
    throw new ToolInputError("body", message.body, "must be the message's text, a non-empty string");
  return message as unknown as SideConversationMessageInput;
}

/**
 * The spec's refusal of a request, before anything is sent: the same check and the same sentences
 * as the sandbox (`explainRefusal`), also against an account, so an agent learns what to fix in
 * practice and in production alike. Field names are the tool's (`to[0].email`, not `message.to…`).
 */
function refuseIfBroken(method: string, path: string, body: unknown) {
  const refusal = explainRefusal(method, new URL(path, SANDBOX_URL), body);
  if (refusal)
    throw new RefusedInput(refusal.violations.map((violation) => violation.message.replace(/(^|\s)message\./g, "$1")));
}

function writesAllowed({ connection, allowWrites }: ToolContext) {
  if (connection.environment === "account" && !allowWrites)
    throw new WritesOff(
      `Writes are off: this server is connected to the account at ${connection.origin}, where this would reach real people, and it was started without --allow-writes (SIDECONVO_MCP_ALLOW_WRITES=1). Nothing was sent. Ask the user to restart it with writes allowed, or practise on the sandbox (start it with no account configured).`,
    );
}

// --- the export's cursor: the client's checkpoint, as an opaque string -------------------------

function cursorOf(checkpoint: ExportCheckpoint): string {
  return Buffer.from(JSON.stringify(checkpoint)).toString("base64url");
}

function checkpointOf(cursor: string): ExportCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const { startTime, seen } = (parsed ?? {}) as Partial<ExportCheckpoint>;
  if (
    typeof startTime !== "number" ||
    !Number.isSafeInteger(startTime) ||
    !Array.isArray(seen) ||
    !seen.every((id) => typeof id === "string")
  )
    throw new ToolInputError("cursor", cursor, "is not a cursor read_events_since returned; pass its cursor as it was");
  return parsed as ExportCheckpoint;
}
