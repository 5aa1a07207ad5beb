// What a handler of one operation gets: the request's checked parameters and body, the state of
// its namespace, the time, and the way to write (every write goes through `write`, so the journal
// sees it). Handlers are keyed by the spec's operationId, one file per resource.
import type { OperationId } from "@sideconvo/openapi/operations";
import type { Incoming } from "../engine/messages.js";
import { notFound } from "../engine/problems.js";
import type { Change, State } from "../engine/state.js";
import type { Participant } from "../engine/types.js";
import type { Parameters } from "../engine/validate.js";

export interface Context {
  state: State;
  params: Parameters;
  /** The JSON body, checked against the spec (undefined for reads and uploads). */
  body: unknown;
  request: Incoming;
  /** Where page links point: the origin the request came to, with its namespace prefix. */
  origin: string;
  /** Where the records it keeps point (their `url`): the sandbox's own address, with the namespace prefix. */
  recordOrigin: string;
  /** The time now, as the API writes it. */
  now(): string;
  /** The agent the request is made as. */
  actor: Participant;
  /** Events per page of the incremental export. */
  exportPageSize: number;
  write(change: Change): void;
}

export type HandlerResult = [status: number, body: unknown];
export type Handler = (context: Context) => HandlerResult | Promise<HandlerResult>;
export type Handlers = Partial<Record<OperationId, Handler>>;

/** The ticket of the path: known, made to exist (the default), or a 404 that says how to add it. */
export function ticketOf(context: Context): number {
  const id = context.params.path.ticket_id as number;
  if (context.state.tickets.has(id)) return id;
  if (context.state.unknownTickets === "404")
    throw notFound(
      `Ticket ${id} is not in the sandbox, which starts with unknownTickets "404": add ${id} to the seed's "tickets", or leave unknownTickets out so that any ticket exists`,
    );
  context.write({ kind: "ticket", id });
  return id;
}

/**
 * The side conversation of the path, on its ticket. `"to change"` gives a copy to change and then
 * `write`: the state's own record is never edited in place, so a write that is refused leaves no
 * trace, and a view taken before (a state dump being sent) keeps the record as it was.
 */
export function sideConversationOf(context: Context, use: "to read" | "to change" = "to read") {
  const ticket = ticketOf(context);
  const id = String(context.params.path.side_conversation_id);
  const found = context.state.sideConversations.get(id);
  if (!found || Number(found.ticket_id) !== ticket)
    throw notFound(`Side conversation ${JSON.stringify(id)} is not on ticket ${ticket}`);
  return use === "to change" ? structuredClone(found) : found;
}

/** Offset pages, as the list endpoints page: `page`, `per_page` (default 100), absolute `.json` links. */
export function offsetPage<T>(records: T[], context: Context, path: string) {
  const perPage = (context.params.query.per_page as number | undefined) ?? 100;
  const page = (context.params.query.page as number | undefined) ?? 1;
  const slice = records.slice((page - 1) * perPage, page * perPage);
  const link = (n: number) => `${context.origin}${path}.json?page=${n}&per_page=${perPage}`;
  return {
    slice,
    next_page: page * perPage < records.length ? link(page + 1) : null,
    previous_page: page > 1 ? link(page - 1) : null,
    count: records.length,
  };
}
