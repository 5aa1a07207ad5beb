// A ticket's conversation log, paged by cursor both ways and in both orders.
import { badRequest } from "../engine/problems.js";
import type { ConversationLogRecord, SuccessBody } from "../engine/types.js";
import { type Handlers, ticketOf } from "./context.js";

// Cursors are base64url of the record's id: opaque to clients, readable here without a table.
const encode = (id: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ id }))))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
function decode(cursor: string): unknown {
  const base64 = cursor.replaceAll("-", "+").replaceAll("_", "/");
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  return (JSON.parse(new TextDecoder().decode(bytes)) as { id?: unknown }).id;
}

export const conversationLog: Handlers = {
  listConversationLog(context) {
    const ticket = ticketOf(context);
    const page = (context.params.query.page ?? {}) as { size?: number; after?: string; before?: string };
    const size = page.size ?? 100;
    const descending = context.params.query.sort === "-created_at";
    const all: ConversationLogRecord[] = [...(context.state.log.get(ticket) ?? [])];
    if (descending) all.reverse();
    const position = (cursor: string | undefined, which: string) => {
      if (cursor === undefined) return -1;
      let id: unknown;
      try {
        id = decode(cursor);
      } catch {
        throw badRequest("Invalid cursor", `page[${which}] ${JSON.stringify(cursor)} is not a cursor this API gave`);
      }
      const at = all.findIndex((record) => record.id === id);
      if (at < 0)
        throw badRequest(
          "Invalid cursor",
          `page[${which}] ${JSON.stringify(cursor)} names no record of ticket ${ticket}`,
        );
      return at;
    };
    const after = position(page.after, "after");
    const before = position(page.before, "before");
    let first = after >= 0 ? after + 1 : 0;
    if (before >= 0) first = Math.max(0, before - size);
    const last = before >= 0 ? before : Math.min(all.length, first + size);
    const records = all.slice(first, last);
    const link = (key: string, value: string) =>
      `${context.origin}/api/v2/tickets/${ticket}/conversation_log.json?page%5B${key}%5D=${encodeURIComponent(value)}&page%5Bsize%5D=${size}&sort=${descending ? "-created_at" : "created_at"}`;
    const hasMore = last < all.length;
    const afterCursor = records.length ? encode((records.at(-1) as ConversationLogRecord).id) : null;
    const beforeCursor = records.length ? encode((records[0] as ConversationLogRecord).id) : null;
    const answer: SuccessBody<"listConversationLog"> = {
      events: records,
      links: {
        next: hasMore && afterCursor ? link("after", afterCursor) : null,
        prev: first > 0 && beforeCursor ? link("before", beforeCursor) : null,
      },
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
    };
    return [200, answer];
  },
};
