// Side conversations: list, create, import, show, update (close, reopen, subject), reply. Each
// message is recorded as an event; its people join the participants once each, as the API reports
// them (an email address matched without regard to case).

import { invalidField } from "../engine/problems.js";
import type {
  Message,
  MessageInput,
  Participant,
  RecipientInput,
  RequestBody,
  SideConversation,
  SideConversationEvent,
  SuccessBody,
} from "../engine/types.js";
import { type Context, type Handlers, offsetPage, sideConversationOf, ticketOf } from "./context.js";

const preview = (text: string | undefined) =>
  text === undefined ? null : text.replace(/\s+/g, " ").trim().slice(0, 100);
const stripHtml = (html: string | undefined) => (html === undefined ? undefined : html.replace(/<[^>]*>/g, " "));
const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char] as string);

/** A recipient of a request (`message.to[]`, `message.from`) as the participant the API reports. */
export function participant(input: RecipientInput): Participant {
  if ("email" in input) return { user_id: null, name: input.name ?? null, email: input.email };
  if ("user_id" in input) return { user_id: input.user_id, name: null, email: null };
  if ("slack_channel_id" in input)
    return { slack_workspace_id: input.slack_workspace_id, slack_channel_id: input.slack_channel_id };
  if ("support_group_id" in input)
    return { support_group_id: input.support_group_id, support_agent_id: input.support_agent_id ?? null };
  return { msteams_channel_id: input.msteams_channel_id };
}

/** Who a participant is: one per address (without regard to case), user, channel or group. */
export function identity(person: Participant): string {
  if (typeof person.email === "string") return `email:${person.email.toLowerCase()}`;
  if (person.user_id != null) return `user:${person.user_id}`;
  return JSON.stringify(person);
}

/** Adds a message's people to the side conversation's participants, once each. */
export function join(sc: SideConversation, message: Message): void {
  const known = new Set(sc.participants.map(identity));
  for (const person of [message.from, ...(message.to ?? [])]) {
    if (!person || known.has(identity(person))) continue;
    known.add(identity(person));
    sc.participants.push(person);
  }
}

/** The attachments a message names, as the message reports them; an id never uploaded is a 422. */
function attachments(context: Context, ids: string[] | undefined, sc: SideConversation, path: string[]) {
  return (ids ?? []).map((id, i) => {
    const file = context.state.attachments.get(id);
    if (!file)
      throw invalidField([...path, "attachment_ids", String(i)], `Attachment ${id} is unknown: upload it first`);
    return {
      id,
      file_name: file.name ?? null,
      content_type: file.content_type ?? null,
      content_url: `${context.recordOrigin}/api/v2/tickets/${sc.ticket_id}/side_conversations/${sc.id}/attachments/${id}/download/${encodeURIComponent(file.name ?? "file")}`,
      size: file.size ?? null,
      width: file.width ?? null,
      height: file.height ?? null,
      inline: false,
    };
  });
}

/** A message event (create or reply) of `sc`, as the API records it. */
export function messageEvent(
  context: Context,
  type: "create" | "reply",
  sc: SideConversation,
  input: MessageInput,
  at: string,
  path: string[],
): SideConversationEvent & { message: Message } {
  const text = input.body ?? stripHtml(input.html_body);
  const message: Message = {
    subject: input.subject ?? sc.subject ?? null,
    preview_text: preview(text),
    from: input.from ? participant(input.from) : context.actor,
    to: input.to.map(participant),
    body: text ?? null,
    html_body:
      input.html_body ??
      (input.body === undefined ? null : `<div class="zd-comment"><p>${escapeHtml(input.body)}</p></div>`),
    external_ids: input.external_ids ?? {},
    attachments: attachments(context, input.attachment_ids, sc, path),
  };
  return {
    id: crypto.randomUUID(),
    side_conversation_id: sc.id,
    ticket_id: sc.ticket_id,
    actor: context.actor,
    type,
    via: "api",
    created_at: at,
    message,
    updates: {},
  };
}

function newSideConversation(
  context: Context,
  ticket: number,
  fields: {
    subject?: string | undefined;
    state?: string | undefined;
    external_ids?: Record<string, string> | undefined;
  },
  at: string,
): SideConversation {
  const id = crypto.randomUUID();
  return {
    url: `${context.recordOrigin}/api/v2/tickets/${ticket}/side_conversations/${id}`,
    id,
    ticket_id: ticket,
    subject: fields.subject ?? null,
    preview_text: null,
    state: fields.state ?? "open",
    participants: [],
    external_ids: fields.external_ids ?? {},
    created_at: at,
    updated_at: at,
    message_added_at: at,
    state_updated_at: at,
  };
}

export const sideConversations: Handlers = {
  listSideConversations(context) {
    const ticket = ticketOf(context);
    const all = context.state.byTicket.get(ticket) ?? [];
    const { slice, ...page } = offsetPage(all, context, `/api/v2/tickets/${ticket}/side_conversations`);
    const answer: SuccessBody<"listSideConversations"> = { side_conversations: slice, ...page };
    if (context.params.query.include === "events")
      answer.events = slice.flatMap((sc) => context.state.eventsOf.get(sc.id) ?? []);
    return [200, answer];
  },

  createSideConversation(context) {
    const ticket = ticketOf(context);
    const { message, external_ids } = context.body as RequestBody<"createSideConversation">;
    const at = context.now();
    const sc = newSideConversation(context, ticket, { subject: message.subject, external_ids }, at);
    const event = messageEvent(context, "create", sc, message, at, ["message"]);
    // A child ticket side conversation opens a ticket of its own.
    if (message.to.some((to) => "support_group_id" in to)) {
      const child = context.state.tickets.highest + 1;
      context.write({ kind: "ticket", id: child });
      sc.external_ids = { ...sc.external_ids, targetTicketId: child };
    }
    join(sc, event.message);
    sc.preview_text = event.message.preview_text ?? null;
    context.write({ kind: "side_conversation", record: sc });
    context.write({ kind: "event", record: event });
    const answer: SuccessBody<"createSideConversation"> = { side_conversation: sc, event };
    return [201, answer];
  },

  replyToSideConversation(context) {
    const sc = sideConversationOf(context, "to change");
    const { message } = context.body as RequestBody<"replyToSideConversation">;
    const at = context.now();
    const event = messageEvent(context, "reply", sc, message, at, ["message"]);
    join(sc, event.message);
    Object.assign(sc, { preview_text: event.message.preview_text, message_added_at: at, updated_at: at });
    context.write({ kind: "side_conversation", record: sc });
    context.write({ kind: "event", record: event });
    const answer: SuccessBody<"replyToSideConversation"> = { side_conversation: sc, event };
    return [200, answer];
  },

  updateSideConversation(context) {
    const sc = sideConversationOf(context, "to change");
    const wanted = (context.body as RequestBody<"updateSideConversation">).side_conversation;
    const updates: { subject?: string; state?: string } = {};
    if (wanted.subject !== undefined && wanted.subject !== sc.subject) updates.subject = wanted.subject;
    if (wanted.state !== undefined && wanted.state !== sc.state) updates.state = wanted.state;
    if (Object.keys(updates).length) {
      const at = context.now();
      Object.assign(sc, updates, { updated_at: at }, updates.state ? { state_updated_at: at } : {});
      context.write({ kind: "side_conversation", record: sc });
      context.write({
        kind: "event",
        record: {
          id: crypto.randomUUID(),
          side_conversation_id: sc.id,
          ticket_id: sc.ticket_id,
          actor: context.actor,
          type: "update",
          via: "api",
          created_at: at,
          updates,
        },
      });
    }
    const answer: SuccessBody<"updateSideConversation"> = { side_conversation: sc };
    return [200, answer];
  },

  showSideConversation(context) {
    const sc = sideConversationOf(context);
    const answer: SuccessBody<"showSideConversation"> = { side_conversation: sc };
    if (context.params.query.include === "events") answer.events = context.state.eventsOf.get(sc.id) ?? [];
    return [200, answer];
  },

  importSideConversation(context) {
    const ticket = ticketOf(context);
    const { side_conversation: given = {}, events: inputs } = context.body as RequestBody<"importSideConversation">;
    const times = inputs.map((input) => input.created_at ?? context.now());
    const sc = newSideConversation(context, ticket, given, times[0] as string);
    const events = inputs.map((input, i) =>
      messageEvent(context, i === 0 ? "create" : "reply", sc, input.message, times[i] as string, [
        "events",
        String(i),
        "message",
      ]),
    );
    for (const event of events) join(sc, event.message);
    const last = events.at(-1) as (typeof events)[number];
    Object.assign(sc, {
      preview_text: last.message.preview_text,
      message_added_at: last.created_at,
      updated_at: last.created_at,
      state_updated_at: last.created_at,
    });
    context.write({ kind: "side_conversation", record: sc });
    for (const event of events) context.write({ kind: "event", record: event });
    const answer: SuccessBody<"importSideConversation"> = { side_conversation: sc, event: last };
    return [201, answer];
  },
};
