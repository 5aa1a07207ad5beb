// The sandbox's state server: every operation of the spec on the shared state (store.ts), as the
// vendor's reference describes it. It sits behind Prism in proxy mode, which checks each request
// before it arrives and each answer before it leaves; what Prism cannot know (a side conversation
// that does not exist, an attachment id never uploaded) is answered here, in the spec's shapes.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Json, Store } from "./store.js";

export interface SandboxServerOptions {
  store: Store;
  /** The origin readers use (the mock's URL): for `url` fields and page links. */
  origin: () => string;
  /** Events per page of the incremental export. Default 1000, as the API. */
  exportPageSize?: number;
  /** The clock, for tests. */
  now?: () => Date;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(String(body.description ?? body.error));
  }
}

const notFound = () => new HttpError(404, { error: "RecordNotFound", description: "Not found" });
const invalid = (field: string, description: string) =>
  new HttpError(422, {
    error: "RecordInvalid",
    description: "Record validation errors",
    details: { [field]: [{ description, error: "InvalidValue" }] },
  });

const ROUTES: [string, RegExp, string][] = [
  ["GET", /^\/api\/v2\/tickets\/(\d+)\/side_conversations$/, "list"],
  ["POST", /^\/api\/v2\/tickets\/(\d+)\/side_conversations$/, "create"],
  ["POST", /^\/api\/v2\/tickets\/(\d+)\/side_conversations\/import$/, "import"],
  ["GET", /^\/api\/v2\/tickets\/side_conversations\/events$/, "export"],
  ["POST", /^\/api\/v2\/tickets\/side_conversations\/attachments$/, "upload"],
  ["GET", /^\/api\/v2\/tickets\/(\d+)\/conversation_log$/, "log"],
  ["GET", /^\/api\/v2\/tickets\/(\d+)\/side_conversations\/([^/]+)$/, "show"],
  ["PUT", /^\/api\/v2\/tickets\/(\d+)\/side_conversations\/([^/]+)$/, "update"],
  ["POST", /^\/api\/v2\/tickets\/(\d+)\/side_conversations\/([^/]+)\/reply$/, "reply"],
  ["GET", /^\/api\/v2\/tickets\/(\d+)\/side_conversations\/([^/]+)\/events$/, "events"],
  ["POST", /^\/api\/v2\/tickets\/(\d+)\/side_conversations\/([^/]+)\/events\/import$/, "importEvents"],
];

const seconds = (iso: unknown) => Math.floor(Date.parse(String(iso)) / 1000);
const byTime = (a: Json, b: Json) =>
  Date.parse(String(a.created_at)) - Date.parse(String(b.created_at)) || String(a.id).localeCompare(String(b.id));
const preview = (text: unknown) => (typeof text === "string" ? text.replace(/\s+/g, " ").trim().slice(0, 100) : null);
const stripHtml = (html: unknown) => (typeof html === "string" ? html.replace(/<[^>]*>/g, " ") : undefined);

/** The agent a request is made as: the email of Basic credentials, or a fixed OAuth user. */
function actorOf(request: IncomingMessage): Json {
  const header = String(request.headers.authorization ?? "");
  const basic = /^Basic\s+(.+)$/i.exec(header);
  const email = basic
    ? Buffer.from(basic[1] ?? "", "base64")
        .toString("utf8")
        .split(":")[0]
        ?.replace(/\/token$/, "")
    : "";
  const address = email?.includes("@") ? email : "oauth-agent@example.com";
  // A stable user id per address, so that the same agent is the same participant.
  let id = 7;
  for (const char of address) id = (id * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return { user_id: id + 1, name: address.split("@")[0], email: address };
}

/** A recipient of a request (`message.to[]`) as the participant the API reports. */
function participant(input: Json): Json {
  if (typeof input.email === "string") return { user_id: null, name: input.name ?? null, email: input.email };
  if (input.user_id !== undefined) return { user_id: input.user_id, name: null, email: null };
  if (input.slack_channel_id !== undefined || input.slack_workspace_id !== undefined)
    return { slack_workspace_id: input.slack_workspace_id ?? null, slack_channel_id: input.slack_channel_id ?? null };
  if (input.support_group_id !== undefined)
    return { support_group_id: input.support_group_id, support_agent_id: input.support_agent_id ?? null };
  if (input.msteams_channel_id !== undefined) return { msteams_channel_id: input.msteams_channel_id };
  return { ...input };
}

const sameParticipant = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

export function createSandboxServer(options: SandboxServerOptions): Server {
  const { store, origin } = options;
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  const pageSize = options.exportPageSize ?? 1000;

  const ticket = (id: string) => {
    const n = Number(id);
    if (!store.data.tickets.includes(n)) throw notFound();
    return n;
  };
  const sideConversation = (ticketId: number, id: string) => {
    const found = store.data.side_conversations.find((sc) => sc.id === id && Number(sc.ticket_id) === ticketId);
    if (!found) throw notFound();
    return found;
  };
  // The account's events in time order, kept until the next change: an export of many pages sorts
  // once, and each page is a binary search and a slice (flat time and memory per page).
  let ordered = { version: -1, events: [] as Json[], seconds: [] as number[] };
  const inTimeOrder = () => {
    if (ordered.version !== store.version || ordered.events.length !== store.data.events.length) {
      const events = [...store.data.events].sort(byTime);
      ordered = { version: store.version, events, seconds: events.map((event) => seconds(event.created_at)) };
    }
    return ordered;
  };
  const eventsOf = (id: unknown) => store.data.events.filter((event) => event.side_conversation_id === id).sort(byTime);

  /** The attachments a message names, as the message reports them; an unknown id is a 422. */
  const attachments = (ids: unknown, ticketId: number, scId: string): Json[] =>
    ((ids as string[] | undefined) ?? []).map((id) => {
      const file = store.data.attachments.find((attachment) => attachment.id === id);
      if (!file) throw invalid("attachment_ids", `Attachment ${id} is unknown: upload it first`);
      return {
        id,
        file_name: file.name ?? null,
        content_type: file.content_type ?? null,
        content_url: `${origin()}/api/v2/tickets/${ticketId}/side_conversations/${scId}/attachments/${id}/download/${encodeURIComponent(String(file.name ?? "file"))}`,
        size: file.size ?? null,
        width: file.width ?? null,
        height: file.height ?? null,
        inline: false,
      };
    });

  /** A message event (create or reply) of `sc`, as the API records it. */
  const messageEvent = (type: string, sc: Json, message: Json, actor: Json, at: string): Json => {
    const to = ((message.to as Json[] | undefined) ?? []).map(participant);
    const from = message.from ? participant(message.from as Json) : actor;
    return {
      id: randomUUID(),
      side_conversation_id: sc.id,
      ticket_id: sc.ticket_id,
      actor,
      type,
      via: "api",
      created_at: at,
      message: {
        subject: message.subject ?? sc.subject ?? null,
        preview_text: preview(message.body ?? stripHtml(message.html_body)),
        from,
        to,
        body: message.body ?? stripHtml(message.html_body) ?? null,
        html_body:
          message.html_body ??
          (typeof message.body === "string" ? `<div class="zd-comment"><p>${message.body}</p></div>` : null),
        external_ids: message.external_ids ?? {},
        attachments: attachments(message.attachment_ids, Number(sc.ticket_id), String(sc.id)),
      },
      updates: {},
    };
  };

  /** Adds a message's people to the side conversation's participants, once each. */
  const join = (sc: Json, event: Json) => {
    const people = sc.participants as Json[];
    const message = event.message as Json;
    for (const person of [message.from as Json, ...(message.to as Json[])])
      if (person && !people.some((known) => sameParticipant(known, person))) people.push(person);
  };

  const newSideConversation = (ticketId: number, fields: Json, at: string): Json => {
    const id = randomUUID();
    return {
      url: `${origin()}/api/v2/tickets/${ticketId}/side_conversations/${id}`,
      id,
      ticket_id: ticketId,
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
  };

  /** Offset pages, as the list endpoints page: `page`, `per_page` (default 100), absolute links. */
  const offsetPage = (records: Json[], query: URLSearchParams, path: string) => {
    const perPage = Number(query.get("per_page") ?? 100);
    const page = Math.max(1, Number(query.get("page") ?? 1));
    const slice = records.slice((page - 1) * perPage, page * perPage);
    const link = (n: number) => `${origin()}${path}.json?page=${n}&per_page=${perPage}`;
    return {
      slice,
      next_page: page * perPage < records.length ? link(page + 1) : null,
      previous_page: page > 1 ? link(page - 1) : null,
      count: records.length,
    };
  };

  const handlers: Record<
    string,
    (match: string[], body: Json, request: IncomingMessage, query: URLSearchParams) => [number, Json]
  > = {
    list([, t], _body, _request, query) {
      const ticketId = ticket(t as string);
      const all = store.data.side_conversations.filter((sc) => Number(sc.ticket_id) === ticketId).sort(byTime);
      const { slice, ...page } = offsetPage(all, query, `/api/v2/tickets/${ticketId}/side_conversations`);
      const answer: Json = { side_conversations: slice, ...page };
      if (query.get("include") === "events") answer.events = slice.flatMap((sc) => eventsOf(sc.id));
      return [200, answer];
    },
    create([, t], body, request) {
      const ticketId = ticket(t as string);
      const message = body.message as Json;
      const at = now();
      const sc = newSideConversation(ticketId, { subject: message.subject, external_ids: body.external_ids }, at);
      const recipients = message.to as Json[];
      // A child ticket side conversation opens a ticket of its own.
      if (recipients.some((to) => to.support_group_id !== undefined)) {
        const child = Math.max(0, ...store.data.tickets) + 1;
        store.data.tickets.push(child);
        sc.external_ids = { ...(sc.external_ids as Json), targetTicketId: child };
      }
      const event = messageEvent("create", sc, message, actorOf(request), at);
      join(sc, event);
      sc.preview_text = (event.message as Json).preview_text;
      store.data.side_conversations.push(sc);
      store.data.events.push(event);
      return [201, { side_conversation: sc, event }];
    },
    reply([, t, id], body, request) {
      const sc = sideConversation(ticket(t as string), id as string);
      const at = now();
      const event = messageEvent("reply", sc, body.message as Json, actorOf(request), at);
      join(sc, event);
      Object.assign(sc, { preview_text: (event.message as Json).preview_text, message_added_at: at, updated_at: at });
      store.data.events.push(event);
      return [200, { side_conversation: sc, event }];
    },
    update([, t, id], body, request) {
      const sc = sideConversation(ticket(t as string), id as string);
      const wanted = (body.side_conversation ?? {}) as Json;
      const updates: Json = {};
      for (const field of ["subject", "state"])
        if (wanted[field] !== undefined && wanted[field] !== sc[field]) updates[field] = wanted[field];
      if (Object.keys(updates).length) {
        const at = now();
        Object.assign(sc, updates, { updated_at: at }, updates.state ? { state_updated_at: at } : {});
        store.data.events.push({
          id: randomUUID(),
          side_conversation_id: sc.id,
          ticket_id: sc.ticket_id,
          actor: actorOf(request),
          type: "update",
          via: "api",
          created_at: at,
          updates,
        });
      }
      return [200, { side_conversation: sc }];
    },
    show([, t, id], _body, _request, query) {
      const sc = sideConversation(ticket(t as string), id as string);
      return [
        200,
        query.get("include") === "events"
          ? { side_conversation: sc, events: eventsOf(sc.id) }
          : { side_conversation: sc },
      ];
    },
    events([, t, id], _body, _request, query) {
      const sc = sideConversation(ticket(t as string), id as string);
      const { slice, ...page } = offsetPage(
        eventsOf(sc.id),
        query,
        `/api/v2/tickets/${sc.ticket_id}/side_conversations/${sc.id}/events`,
      );
      return [200, { events: slice, ...page }];
    },
    import([, t], body, request) {
      const ticketId = ticket(t as string);
      const given = (body.side_conversation ?? {}) as Json;
      const inputs = body.events as Json[];
      const times = inputs.map((input) => String(input.created_at ?? now()));
      const sc = newSideConversation(ticketId, given, times[0] as string);
      const actor = actorOf(request);
      const events = inputs.map((input, i) =>
        messageEvent(i === 0 ? "create" : "reply", sc, input.message as Json, actor, times[i] as string),
      );
      for (const event of events) join(sc, event);
      const last = events.at(-1) as Json;
      Object.assign(sc, {
        preview_text: (last.message as Json).preview_text,
        message_added_at: last.created_at,
        updated_at: last.created_at,
        state_updated_at: last.created_at,
      });
      store.data.side_conversations.push(sc);
      store.data.events.push(...events);
      return [201, { side_conversation: sc, event: last }];
    },
    importEvents([, t, id], body, request) {
      const sc = sideConversation(ticket(t as string), id as string);
      const actor = actorOf(request);
      const events = (body.events as Json[]).map((input) =>
        messageEvent("reply", sc, input.message as Json, actor, String(input.created_at ?? now())),
      );
      for (const event of events) join(sc, event);
      const latest = [...eventsOf(sc.id), ...events].sort(byTime).at(-1) as Json;
      Object.assign(sc, {
        message_added_at: latest.created_at,
        preview_text: (latest.message as Json | undefined)?.preview_text ?? sc.preview_text,
      });
      store.data.events.push(...events);
      return [201, { side_conversation: sc, event: events.at(-1) }];
    },
    export(_match, _body, _request, query) {
      const start = Number(query.get("start_time"));
      // Every event of the account from start_time on, in time order; a page ends where it is full.
      // The next page starts at the last event's second again (start_time is inclusive), so the
      // events of that second come twice, as the API sends them: consumers deduplicate by id.
      // Like the API, it cannot page inside a second: when one second holds more events than a
      // page, every read from it answers the same full page with the same next_page (a stall the
      // client must report, never take for the end).
      const { events, seconds: times } = inTimeOrder();
      let low = 0;
      let high = times.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((times[middle] as number) < start) low = middle + 1;
        else high = middle;
      }
      const page = events.slice(low, low + pageSize);
      const last = page.at(-1);
      const end = last ? seconds(last.created_at) : start;
      const more = events.length > low + page.length;
      return [
        200,
        {
          events: page,
          next_page: more ? `${origin()}/api/v2/tickets/side_conversations/events.json?start_time=${end}` : null,
          count: page.length,
          end_time: end,
        },
      ];
    },
    log([, t], _body, _request, query) {
      const ticketId = ticket(t as string);
      const size = Number(query.get("page[size]") ?? 100);
      const descending = query.get("sort") === "-created_at";
      const all = [...(store.data.conversation_log[String(ticketId)] ?? [])].sort(byTime);
      if (descending) all.reverse();
      const cursor = (record: Json) => Buffer.from(JSON.stringify({ id: record.id })).toString("base64url");
      const position = (value: string | null) => {
        if (value === null) return -1;
        let id: unknown;
        try {
          id = JSON.parse(Buffer.from(value, "base64url").toString("utf8")).id;
        } catch {
          throw new HttpError(400, {
            error: {
              title: "Invalid cursor",
              message: `page cursor ${JSON.stringify(value)} is not one this API gave`,
            },
          });
        }
        const at = all.findIndex((record) => record.id === id);
        if (at < 0)
          throw new HttpError(400, {
            error: { title: "Invalid cursor", message: `page cursor ${JSON.stringify(value)} names no record` },
          });
        return at;
      };
      const after = position(query.get("page[after]"));
      const before = position(query.get("page[before]"));
      let first = after >= 0 ? after + 1 : 0;
      if (before >= 0) first = Math.max(0, before - size);
      const last = before >= 0 ? before : Math.min(all.length, first + size);
      const page = all.slice(first, last);
      const link = (key: string, value: string) =>
        `${origin()}/api/v2/tickets/${ticketId}/conversation_log.json?page%5B${key}%5D=${encodeURIComponent(value)}&page%5Bsize%5D=${size}&sort=${descending ? "-created_at" : "created_at"}`;
      const hasMore = last < all.length;
      const afterCursor = page.length ? cursor(page.at(-1) as Json) : null;
      const beforeCursor = page.length ? cursor(page[0] as Json) : null;
      return [
        200,
        {
          events: page,
          links: {
            next: hasMore && afterCursor ? link("after", afterCursor) : null,
            prev: first > 0 && beforeCursor ? link("before", beforeCursor) : null,
          },
          meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
        },
      ];
    },
  };

  async function upload(request: IncomingMessage, raw: Buffer): Promise<[number, Json]> {
    const form = await new Response(new Uint8Array(raw), {
      headers: { "content-type": String(request.headers["content-type"] ?? "") },
    })
      .formData()
      .catch(() => {
        throw new HttpError(400, {
          error: { title: "Invalid request", message: "The body is not multipart/form-data with a file part" },
        });
      });
    const file = form.get("file");
    if (!(file instanceof Blob))
      throw new HttpError(400, { error: { title: "Invalid request", message: "No `file` part in the form" } });
    const bytes = Buffer.from(await file.arrayBuffer());
    // A PNG says its size in its header (IHDR: width and height at bytes 16 and 20).
    const png = bytes.length >= 24 && bytes.subarray(1, 4).toString("latin1") === "PNG";
    const attachment = {
      id: `s3-${randomUUID()}`,
      name: (file as File).name || "file",
      content_type: file.type || "application/octet-stream",
      size: bytes.length,
      width: png ? bytes.readUInt32BE(16) : null,
      height: png ? bytes.readUInt32BE(20) : null,
    };
    store.data.attachments.push(attachment);
    return [201, attachment];
  }

  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      void handle(request, Buffer.concat(chunks)).then(([status, body]) => send(response, status, body));
    });
  });

  async function handle(request: IncomingMessage, raw: Buffer): Promise<[number, Json]> {
    try {
      if (!request.headers.authorization) throw new HttpError(401, { error: "Couldn't authenticate you" });
      const url = new URL(request.url ?? "/", "http://sandbox");
      for (const [method, pattern, name] of ROUTES) {
        if (method !== request.method) continue;
        const match = pattern.exec(url.pathname);
        if (!match) continue;
        if (name === "upload") {
          const answer = await upload(request, raw);
          store.save();
          return answer;
        }
        const body = raw.length ? (JSON.parse(raw.toString("utf8")) as Json) : {};
        const answer = (handlers[name] as (typeof handlers)["list"])([...match], body, request, url.searchParams);
        if (method !== "GET") store.save();
        return answer;
      }
      return [404, { error: "RecordNotFound", description: `No route ${request.method} ${url.pathname}` }];
    } catch (error) {
      if (error instanceof HttpError) return [error.status, error.body];
      return [500, { error: { title: "Sandbox error", message: (error as Error).message } }];
    }
  }
}

function send(response: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-zendesk-request-id": randomUUID().replaceAll("-", "").slice(0, 16),
  });
  response.end(text);
}
