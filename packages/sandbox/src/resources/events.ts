// Events: a side conversation's list, the import of past events, and the account's incremental
// export (by second, as the API pages it).

import { timeOf } from "../engine/state.js";
import type { RequestBody, SuccessBody } from "../engine/types.js";
import { type Handlers, offsetPage, sideConversationOf } from "./context.js";
import { join, messageEvent } from "./side-conversations.js";

const second = (iso: string) => Math.floor(timeOf(iso) / 1000);

export const events: Handlers = {
  listSideConversationEvents(context) {
    const sc = sideConversationOf(context);
    const { slice, ...page } = offsetPage(
      context.state.eventsOf.get(sc.id) ?? [],
      context,
      `/api/v2/tickets/${sc.ticket_id}/side_conversations/${sc.id}/events`,
    );
    const answer: SuccessBody<"listSideConversationEvents"> = { events: slice, ...page };
    if (context.params.query.include === "side_conversations") answer.side_conversations = [sc];
    return [200, answer];
  },

  importSideConversationEvents(context) {
    const sc = sideConversationOf(context, "to change");
    const { events: inputs } = context.body as RequestBody<"importSideConversationEvents">;
    const made = inputs.map((input, i) =>
      messageEvent(context, "reply", sc, input.message, input.created_at ?? context.now(), [
        "events",
        String(i),
        "message",
      ]),
    );
    for (const event of made) context.write({ kind: "event", record: event });
    const latest = (context.state.eventsOf.get(sc.id) ?? []).at(-1);
    if (latest)
      Object.assign(sc, {
        message_added_at: latest.created_at,
        preview_text: latest.message?.preview_text ?? sc.preview_text,
      });
    for (const event of made) join(sc, event.message);
    context.write({ kind: "side_conversation", record: sc });
    const last = made.at(-1);
    const answer: SuccessBody<"importSideConversationEvents"> = { side_conversation: sc, ...(last && { event: last }) };
    return [201, answer];
  },

  exportSideConversationEvents(context) {
    // Every event of the account from start_time on, in time order; a page ends where it is full.
    // The next page starts at the last event's second again (start_time is inclusive), so the
    // events of that second come twice, as the API sends them: consumers deduplicate by id.
    // Like the API, it cannot page inside a second: when one second holds more events than a
    // page, every read from it answers the same full page with the same next_page (a stall the
    // client must report, never take for the end).
    const start = context.params.query.start_time as number;
    const { timeline, seconds } = context.state;
    let low = 0;
    let high = seconds.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((seconds[middle] as number) < start) low = middle + 1;
      else high = middle;
    }
    const page = timeline.slice(low, low + context.exportPageSize);
    const last = page.at(-1);
    const end = last ? second(last.created_at) : start;
    const more = timeline.length > low + page.length;
    const answer: SuccessBody<"exportSideConversationEvents"> = {
      events: page,
      next_page: more ? `${context.origin}/api/v2/tickets/side_conversations/events.json?start_time=${end}` : null,
      count: page.length,
      end_time: end,
    };
    return [200, answer];
  },
};
