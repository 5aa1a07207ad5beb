import type { SideConversation, SideConversationEvent, SideConversationMessageInput } from "@sideconvo/client";
import { fileToUpload, readJsonFile, ticketId } from "../args.js";
import type { Context } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { io } from "../io.js";
import { cell, count, ndjson, table } from "../output.js";
import { parseRecipients } from "../recipients.js";

/** The type of a side conversation, from its participants (the API has no type field). */
export function kindOf(conversation: SideConversation): string {
  const participants = (conversation.participants ?? []) as Record<string, unknown>[];
  const has = (field: string) => participants.some((p) => p[field] !== null && p[field] !== undefined);
  if (has("slack_channel_id")) return "slack";
  if (has("support_group_id")) return "child ticket";
  if (has("msteams_channel_id")) return "teams";
  return "email";
}

const conversationRow = (sc: SideConversation) => [
  sc.id ?? "",
  sc.state ?? "",
  kindOf(sc),
  cell(sc.updated_at?.slice(0, 19).replace("T", " ")),
  cell(sc.subject, 50),
];
const CONVERSATION_HEADERS = ["ID", "STATE", "TYPE", "UPDATED", "SUBJECT"];

const eventRow = (event: SideConversationEvent) => {
  const e = event as Record<string, unknown> & { message?: { body?: string }; actor?: { name?: string | null } };
  return [
    cell(event.created_at?.slice(0, 19).replace("T", " ")),
    cell(event.type, 12),
    cell(e.actor?.name ?? "", 24),
    cell(e.message?.body ?? "", 60),
  ];
};
const EVENT_HEADERS = ["CREATED", "TYPE", "ACTOR", "MESSAGE"];

/** Streams records: NDJSON with --json (flat memory), else one table after the last one. */
async function printRecords<T>(
  ctx: Context,
  records: AsyncIterable<T>,
  limit: number | undefined,
  headers: string[],
  row: (record: T) => string[],
) {
  const rows: string[][] = [];
  let count = 0;
  for await (const record of records) {
    if (ctx.output.json) await ctx.output.out(ndjson(record));
    else rows.push(row(record));
    if (limit !== undefined && ++count >= limit) break;
  }
  if (!ctx.output.json) {
    await ctx.output.out(rows.length ? table(headers, rows, ctx.output.paint) : "");
    ctx.output.err(`${rows.length} found\n`);
  }
}

export async function list(ctx: Context, ticket: string, options: { limit?: number }) {
  await printRecords(
    ctx,
    ctx.zd.iterate.sideConversations(ticketId(ticket)),
    options.limit,
    CONVERSATION_HEADERS,
    conversationRow,
  );
}

export async function events(ctx: Context, ticket: string, id: string, options: { limit?: number }) {
  await printRecords(ctx, ctx.zd.iterate.events(ticketId(ticket), id), options.limit, EVENT_HEADERS, eventRow);
}

export async function show(ctx: Context, ticket: string, id: string, options: { events?: boolean }) {
  const shown = await ctx.zd.sideConversations.show(ticketId(ticket), id, options.events ? { include: "events" } : {});
  if (ctx.output.json) return ctx.output.out(`${JSON.stringify(shown, null, 2)}\n`);
  const sc = shown.side_conversation;
  const participants = (sc.participants ?? []).map((p) => {
    const q = p as Record<string, unknown>;
    return [q.name, q.email, q.slack_channel_id, q.support_group_id, q.msteams_channel_id]
      .filter((v) => v != null)
      .join(" ");
  });
  const { paint } = ctx.output;
  const field = (name: string, value: unknown) => `${paint("bold", name.padEnd(13))}${cell(value, 200)}`;
  const lines = [
    field("id", sc.id),
    field("ticket", sc.ticket_id),
    field("subject", sc.subject),
    field("state", sc.state === "open" ? paint("green", "open") : sc.state),
    field("type", kindOf(sc)),
    field("participants", participants.join(", ")),
    field("created", sc.created_at),
    field("updated", sc.updated_at),
    field("preview", sc.preview_text),
  ];
  let text = `${lines.join("\n")}\n`;
  if (shown.events?.length) text += `\n${table(EVENT_HEADERS, shown.events.map(eventRow), paint)}`;
  await ctx.output.out(text);
}

export interface MessageFlags {
  subject?: string;
  body?: string;
  to?: string;
  html?: boolean;
  attach?: string[];
}

async function message(ctx: Context, flags: MessageFlags): Promise<SideConversationMessageInput> {
  if (!flags.body) throw new CliError("--body is required", EXIT.usage);
  if (!flags.to) throw new CliError("--to is required (comma-separated recipients; see --help)", EXIT.usage);
  const to = parseRecipients(flags.to);
  const uploads = await Promise.all((flags.attach ?? []).map(fileToUpload)); // every file checked before any upload
  const attachmentIds: string[] = [];
  for (const upload of uploads) attachmentIds.push((await ctx.zd.sideConversations.uploadAttachment(upload)).id);
  return {
    ...(flags.subject === undefined ? {} : { subject: flags.subject }),
    ...(flags.html ? { html_body: flags.body } : { body: flags.body }),
    // Mixed types type-check here; the client refuses them before sending, naming the recipient.
    to: to as SideConversationMessageInput["to"],
    ...(attachmentIds.length ? { attachment_ids: attachmentIds } : {}),
  };
}

function written(ctx: Context, verb: string, sc: SideConversation) {
  if (ctx.output.json) return ctx.output.out(`${JSON.stringify(sc, null, 2)}\n`);
  return ctx.output.out(
    `${verb} side conversation ${sc.id} on ticket ${sc.ticket_id} (${kindOf(sc)}, ${sc.state}): ${cell(sc.subject, 80)}\n`,
  );
}

export interface CreateFlags extends MessageFlags {
  ticket?: string;
}

/** Asks for what is missing when a person is at a terminal; with flags (or no terminal) it never asks. */
export async function promptMissing(flags: CreateFlags, interactive: boolean): Promise<CreateFlags> {
  const missing = (["ticket", "subject", "body", "to"] as const).filter((name) => !flags[name]);
  if (missing.length === 0) return flags;
  if (!interactive)
    throw new CliError(`missing ${missing.map((name) => `--${name}`).join(", ")} (no terminal to ask on)`, EXIT.usage);
  const { input } = await import("@inquirer/prompts");
  const answers = { ...flags };
  const required = (what: string) => (value: string) => (value.trim() ? true : `${what} cannot be empty`);
  if (!answers.ticket)
    answers.ticket = await input({
      message: "Ticket id:",
      validate: (value) => (/^[1-9]\d*$/.test(value.trim()) ? true : "a positive integer, such as 42"),
    });
  if (!answers.subject) answers.subject = await input({ message: "Subject:", validate: required("the subject") });
  if (!answers.body) answers.body = await input({ message: "Message:", validate: required("the message") });
  if (!answers.to)
    answers.to = await input({
      message: "Recipients (comma-separated):",
      validate: (value) => {
        try {
          parseRecipients(value);
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
  return answers;
}

export async function create(ctx: Context, flags: CreateFlags) {
  const answers = await promptMissing(flags, io().stdinIsTTY && io().stdout.isTTY === true);
  try {
    const ticket = ticketId(answers.ticket as string);
    const msg = await message(ctx, answers);
    const { side_conversation } = await ctx.zd.sideConversations.create(ticket, msg);
    await written(ctx, "Created", side_conversation);
  } catch (error) {
    // What was typed at the prompts is not lost: the same create, as one command to run again.
    if (answers !== flags) ctx.output.err(`To try again: ${asCommand(answers)}\n`);
    throw error;
  }
}

/** The create as a command line, each value quoted for a POSIX shell. */
export function asCommand(answers: CreateFlags): string {
  const quote = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
  const args = ["sideconvo", "create"];
  for (const name of ["ticket", "subject", "body", "to"] as const) {
    const value = answers[name];
    if (value !== undefined) args.push(`--${name}`, quote(value));
  }
  if (answers.html) args.push("--html");
  for (const file of answers.attach ?? []) args.push("--attach", quote(file));
  return args.join(" ");
}

export async function reply(ctx: Context, ticket: string, id: string, flags: MessageFlags) {
  const msg = await message(ctx, flags);
  const { side_conversation } = await ctx.zd.sideConversations.reply(ticketId(ticket), id, msg);
  await written(ctx, "Replied to", side_conversation);
}

export async function update(ctx: Context, ticket: string, id: string, flags: { subject?: string }) {
  if (flags.subject === undefined) throw new CliError("--subject is required (the new subject)", EXIT.usage);
  const { side_conversation } = await ctx.zd.sideConversations.update(ticketId(ticket), id, { subject: flags.subject });
  await written(ctx, "Updated", side_conversation);
}

export async function setState(ctx: Context, ticket: string, id: string, state: "open" | "closed") {
  const call = state === "closed" ? ctx.zd.sideConversations.close : ctx.zd.sideConversations.reopen;
  const { side_conversation } = await call(ticketId(ticket), id);
  await written(ctx, state === "closed" ? "Closed" : "Reopened", side_conversation);
}

/**
 * import <ticket> <file>: a side conversation with its history, in the API's own shape
 * ({ side_conversation?, events }); with --into <id>, only events, added to that conversation.
 */
export async function importFile(ctx: Context, ticket: string, file: string, flags: { into?: string }) {
  const data = (await readJsonFile(file)) as Record<string, unknown> | unknown[];
  const eventsOf = Array.isArray(data) ? data : data?.events;
  if (!Array.isArray(eventsOf))
    throw new CliError(`"${file}" has no "events" array to import (see --help for the file's shape)`, EXIT.validation);
  if (eventsOf.length === 0)
    throw new CliError(`"${file}" has an empty "events" array: nothing to import`, EXIT.validation);
  const events = eventsOf as Parameters<Context["zd"]["sideConversations"]["importEvents"]>[2];
  if (flags.into) {
    const { side_conversation } = await ctx.zd.sideConversations.importEvents(ticketId(ticket), flags.into, events);
    return written(ctx, `Imported ${count(events.length, "event")} into`, side_conversation);
  }
  const given = (Array.isArray(data) ? undefined : data.side_conversation) as
    | { subject?: string; state?: "open" | "closed"; external_ids?: Record<string, string> }
    | undefined;
  const { side_conversation } = await ctx.zd.sideConversations.import(ticketId(ticket), {
    ...(given
      ? {
          sideConversation: {
            ...(given.subject === undefined ? {} : { subject: given.subject }),
            ...(given.state === undefined ? {} : { state: given.state }),
            ...(given.external_ids === undefined ? {} : { externalIds: given.external_ids }),
          },
        }
      : {}),
    events,
  });
  await written(ctx, `Imported ${count(events.length, "event")} as`, side_conversation);
}

export async function attach(ctx: Context, files: string[]) {
  const uploads = await Promise.all(files.map(fileToUpload));
  const rows: string[][] = [];
  for (const upload of uploads) {
    const attachment = await ctx.zd.sideConversations.uploadAttachment(upload);
    if (ctx.output.json) await ctx.output.out(ndjson(attachment));
    rows.push([attachment.id, upload.fileName, upload.contentType, String(attachment.size ?? upload.file.size)]);
  }
  if (!ctx.output.json) await ctx.output.out(table(["ATTACHMENT ID", "FILE", "TYPE", "BYTES"], rows, ctx.output.paint));
}
