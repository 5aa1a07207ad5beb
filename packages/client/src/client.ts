// createClient: one openapi-fetch client over the spec's `paths`, given the client's own fetch
// (policy-fetch.ts), and the helpers and iterators written with its typed calls, so that the
// compiler checks every path, parameter, body and response they use against the spec.

import type { paths } from "@sideconvo/openapi/schema";
import createFetchClient, { type Client, defaultPathSerializer } from "openapi-fetch";
import { ValidationError } from "./errors.js";
import type { ClientOptions } from "./options.js";
import { type EventExport, type ExportOptions, exportEvents, type Fetched, follow, type Pages } from "./paginate.js";
import { checkExternalIds, checkMessage } from "./participants.js";
import { KeepingRequest, setUp } from "./policy-fetch.js";
import { scrub } from "./redact.js";
import { emptyBody, toApiError } from "./results.js";
import type {
  ConversationLogEvent,
  ConversationLogResponse,
  CreateSideConversationRequest,
  ExternalIdsInput,
  ImportEventInput,
  ImportSideConversationRequest,
  SideConversation,
  SideConversationEvent,
  SideConversationEventExportResponse,
  SideConversationEventListResponse,
  SideConversationListResponse,
  SideConversationMessageInput,
  SideConversationResponse,
  SideConversationWriteResponse,
  UpdateSideConversationRequest,
  UploadedAttachment,
} from "./types.js";

export interface CallOptions {
  signal?: AbortSignal | undefined;
}
export interface PageOptions extends CallOptions {
  /** The offset page to read, from 1. */
  page?: number | undefined;
  /** Records per page, 1 to 100. */
  perPage?: number | undefined;
}
export interface ListOptions extends PageOptions {
  /** Sideload the events of the side conversations. */
  include?: "events" | undefined;
}
export interface EventsOptions extends PageOptions {
  /** Sideload the side conversation the events belong to, in `side_conversations`. */
  include?: "side_conversations" | undefined;
}
export interface ShowOptions extends CallOptions {
  /** Sideload the side conversation's events. */
  include?: "events" | undefined;
}
export interface CreateOptions extends CallOptions {
  /** Your own ids for the side conversation, such as a record in another system. */
  externalIds?: ExternalIdsInput | undefined;
}
export interface ConversationLogOptions extends CallOptions {
  /** Records per page, 1 to 100. Default 100. */
  pageSize?: number | undefined;
  /** `created_at` (oldest first, the default) or `-created_at`. */
  sort?: "created_at" | "-created_at" | undefined;
  after?: string | undefined;
  before?: string | undefined;
}
export interface ImportInput {
  sideConversation?:
    | {
        subject?: string | undefined;
        state?: "open" | "closed" | undefined;
        externalIds?: ExternalIdsInput | undefined;
      }
    | undefined;
  /** The messages, oldest first. */
  events: ImportEventInput[];
}
export interface UploadInput {
  /** The bytes: a Blob or File, an ArrayBuffer or Uint8Array, a web ReadableStream, or any async iterable of bytes (a Node stream). */
  file: Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  /** The file name; a File's own name by default. */
  fileName?: string | undefined;
  /** The MIME type; the Blob's type by default, else application/octet-stream. */
  contentType?: string | undefined;
}
export interface SideConversationChanges {
  state?: "open" | "closed" | undefined;
  subject?: string | undefined;
}

/**
 * The client: openapi-fetch's typed `GET`/`POST`/`PUT`/…, `use()` and `eject()` over the spec's
 * paths, and helpers and iterators for every operation. All of it goes through the same auth,
 * rate limits and retries.
 */
export interface SideconvoClient extends Client<paths> {
  /** Where requests go, such as https://acme.zendesk.com. */
  readonly baseUrl: string;
  readonly sideConversations: {
    /** One offset page of a ticket's side conversations. */
    list(ticketId: number, options?: ListOptions): Promise<SideConversationListResponse>;
    show(ticketId: number, id: string, options?: ShowOptions): Promise<SideConversationResponse>;
    /** Creates a side conversation with its first message; `to` says its type (email, Slack, child ticket, Teams). */
    create(
      ticketId: number,
      message: SideConversationMessageInput,
      options?: CreateOptions,
    ): Promise<SideConversationWriteResponse>;
    reply(
      ticketId: number,
      id: string,
      message: SideConversationMessageInput,
      options?: CallOptions,
    ): Promise<SideConversationWriteResponse>;
    /** Changes the state and/or the subject. */
    update(
      ticketId: number,
      id: string,
      changes: SideConversationChanges,
      options?: CallOptions,
    ): Promise<SideConversationResponse>;
    close(ticketId: number, id: string, options?: CallOptions): Promise<SideConversationResponse>;
    reopen(ticketId: number, id: string, options?: CallOptions): Promise<SideConversationResponse>;
    /** Imports a side conversation with messages from the past, oldest first. */
    import(ticketId: number, input: ImportInput, options?: CallOptions): Promise<SideConversationWriteResponse>;
    /** Imports past messages into an existing side conversation. */
    importEvents(
      ticketId: number,
      id: string,
      events: ImportEventInput[],
      options?: CallOptions,
    ): Promise<SideConversationWriteResponse>;
    /** One offset page of a side conversation's events. */
    events(ticketId: number, id: string, options?: EventsOptions): Promise<SideConversationEventListResponse>;
    /** One page of the account-wide event export, from `startTime` (Unix seconds). */
    exportEvents(startTime: number, options?: CallOptions): Promise<SideConversationEventExportResponse>;
    /** Uploads a file; pass the answer's `id` in `message.attachment_ids`. */
    uploadAttachment(input: UploadInput, options?: CallOptions): Promise<UploadedAttachment>;
  };
  readonly conversationLog: {
    /** One cursor page of a ticket's conversation log. */
    list(ticketId: number, options?: ConversationLogOptions): Promise<ConversationLogResponse>;
  };
  /** Every record of a paginated read, holding one page in memory at a time. */
  readonly iterate: {
    /** Follows `next_page`. */
    sideConversations(ticketId: number, options?: Omit<ListOptions, "page">): AsyncIterableIterator<SideConversation>;
    /** Follows `next_page`. */
    events(
      ticketId: number,
      id: string,
      options?: Omit<EventsOptions, "page">,
    ): AsyncIterableIterator<SideConversationEvent>;
    /** The account-wide export, each event once, resumable from its `.checkpoint`. */
    exportEvents(options: ExportOptions): EventExport;
    /** Follows `links.next` while `meta.has_more`. */
    conversationLog(
      ticketId: number,
      options?: Omit<ConversationLogOptions, "after" | "before">,
    ): AsyncIterableIterator<ConversationLogEvent>;
  };
}

const SC = "/api/v2/tickets/{ticket_id}/side_conversations";
const ONE = "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}";
const EVENTS = "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/events";
const EXPORT = "/api/v2/tickets/side_conversations/events";
const LOG = "/api/v2/tickets/{ticket_id}/conversation_log";
const UPLOAD = "/api/v2/tickets/side_conversations/attachments";

/** The query parameters of a GET, as the spec names them. */
type Query<P extends keyof paths> = paths[P]["get"] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

/**
 * Fields given as undefined (as the helpers' options may be) left out, typed as the spec's type T;
 * the object literal passed in is still checked for keys T does not have. (openapi-fetch writes an
 * undefined field of a deepObject query as an empty `&&`.)
 */
function optional<T>(values: { [K in keyof T]?: T[K] | undefined }): T {
  const given: Record<string, unknown> = {};
  for (const key in values) if (values[key] !== undefined) given[key] = values[key];
  return given as T;
}

/** Creates a client. Options are checked at once: a bad one throws a ValidationError. */
export function createClient(options: ClientOptions): SideconvoClient {
  const { config, redact, fetch } = setUp(options);
  const api = createFetchClient<paths>({
    baseUrl: config.baseUrl,
    fetch,
    pathSerializer: strictPath,
    Request: KeepingRequest,
  });

  /**
   * The data of a 2xx answer, or the typed error; whatever it throws is scrubbed. One `then` with
   * handlers made once per method (not an async function per call): every helper goes through it.
   */
  type Result<Data> = { data?: Data; error?: unknown; response: Response };
  const fail = (failure: unknown): never => {
    throw scrub(failure, redact);
  };
  const handlers = (method: string) => {
    const data = <Data>({ data, error, response }: Result<Data>): Data => {
      if (!response.ok) throw scrub(toApiError(method, response, error, config.clock.now()), redact);
      if (data === undefined) throw scrub(emptyBody(method, response), redact);
      return data;
    };
    return {
      data,
      page: <Data>(result: Result<Data>): Fetched<Data> => ({ page: data(result), response: result.response }),
    };
  };
  const byMethod = { GET: handlers("GET"), POST: handlers("POST"), PUT: handlers("PUT") };
  type Method = keyof typeof byMethod;
  /** The page and its response (for the iterators), or the typed error. */
  const settle = <Data>(method: Method, pending: Promise<Result<Data>>): Promise<Fetched<Data>> =>
    pending.then(byMethod[method].page<Data>, fail);
  /** The data alone, for the helpers that answer one record or page. */
  const dataOf = <Data>(method: Method, pending: Promise<Result<Data>>): Promise<Data> =>
    pending.then(byMethod[method].data<Data>, fail);
  const data = <Data>(pending: Promise<Fetched<Data>>) => pending.then(pageOf);

  /**
   * openapi-fetch options that send a typed call to the URL a next-page link gives, as it is: the
   * link's path (such as the `.json` form the API writes) and query. The fetch still refuses an
   * origin other than the configured one.
   */
  const at = (link: string) => {
    if (!URL.canParse(link)) throw new ValidationError("next-page link", link, "must be an absolute URL");
    const url = new URL(link);
    return { pathSerializer: () => url.origin + url.pathname, querySerializer: () => url.search };
  };
  const signalOf = (options?: CallOptions) => options?.signal ?? null;

  const listPage = async (ticketId: number, options: ListOptions = {}, link?: string) =>
    settle(
      "GET",
      api.GET(SC, {
        params: {
          path: { ticket_id: ticketOf(ticketId) },
          query: optional<Query<typeof SC>>({
            include: options.include,
            page: options.page,
            per_page: options.perPage,
          }),
        },
        signal: signalOf(options),
        ...(link && at(link)),
      }),
    );
  const eventsPage = async (ticketId: number, id: string, options: EventsOptions = {}, link?: string) =>
    settle(
      "GET",
      api.GET(EVENTS, {
        params: {
          path: ids(ticketId, id),
          query: optional<Query<typeof EVENTS>>({
            include: options.include,
            page: options.page,
            per_page: options.perPage,
          }),
        },
        signal: signalOf(options),
        ...(link && at(link)),
      }),
    );
  const exportPage = async (startTime: number, signal?: AbortSignal) =>
    settle("GET", api.GET(EXPORT, { params: { query: { start_time: startTime } }, signal: signal ?? null }));
  const logPage = async (ticketId: number, options: ConversationLogOptions = {}, link?: string) => {
    const { pageSize: size = 100, sort, after, before } = options;
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      throw new ValidationError("pageSize", size, "must be an integer from 1 to 100");
    }
    return settle(
      "GET",
      api.GET(LOG, {
        params: {
          path: { ticket_id: ticketOf(ticketId) },
          query: optional<Query<typeof LOG>>({
            page: optional<NonNullable<Query<typeof LOG>["page"]>>({ size, after, before }),
            sort,
          }),
        },
        signal: signalOf(options),
        ...(link && at(link)),
      }),
    );
  };
  const update = async (ticketId: number, id: string, changes: SideConversationChanges, options?: CallOptions) => {
    checkChanges(changes);
    const { state, subject } = changes;
    const body = {
      side_conversation: optional<UpdateSideConversationRequest["side_conversation"]>({ state, subject }),
    };
    return await dataOf("PUT", api.PUT(ONE, { params: { path: ids(ticketId, id) }, body, signal: signalOf(options) }));
  };

  const offsetPages: Pages<SideConversationListResponse, SideConversation> = {
    key: "side_conversations",
    records: (page) => page.side_conversations,
    next: (page) => page.next_page,
  };
  const eventPages: Pages<SideConversationEventListResponse, SideConversationEvent> = {
    key: "events",
    records: (page) => page.events,
    next: (page) => page.next_page,
  };
  const logPages: Pages<ConversationLogResponse, ConversationLogEvent> = {
    key: "events",
    records: (page) => page.events,
    next: (page) => page.meta?.has_more === true && page.links?.next,
    cursor: (page) => page.meta?.after_cursor,
  };

  return {
    ...api,
    baseUrl: config.baseUrl,

    sideConversations: {
      list: (ticketId, options) => data(listPage(ticketId, options)),
      show: async (ticketId, id, options = {}) =>
        // Awaited, not returned: an async function that returns a promise takes two more turns.
        await dataOf(
          "GET",
          api.GET(ONE, {
            params: { path: ids(ticketId, id), query: optional<Query<typeof ONE>>({ include: options.include }) },
            signal: signalOf(options),
          }),
        ),
      create: async (ticketId, message, options = {}) => {
        const { externalIds } = options;
        checkMessage(message);
        if (externalIds !== undefined) checkExternalIds(externalIds, "externalIds");
        const body = optional<CreateSideConversationRequest>({ message, external_ids: externalIds });
        return await dataOf(
          "POST",
          api.POST(SC, { params: { path: { ticket_id: ticketOf(ticketId) } }, body, signal: signalOf(options) }),
        );
      },
      reply: async (ticketId, id, message, options) => {
        checkMessage(message);
        const path = `${ONE}/reply` as const;
        return await dataOf(
          "POST",
          api.POST(path, { params: { path: ids(ticketId, id) }, body: { message }, signal: signalOf(options) }),
        );
      },
      update,
      close: (ticketId, id, options) => update(ticketId, id, { state: "closed" }, options),
      reopen: (ticketId, id, options) => update(ticketId, id, { state: "open" }, options),
      import: async (ticketId, { sideConversation: given, events }, options) => {
        checkEvents(events);
        if (given?.externalIds !== undefined) checkExternalIds(given.externalIds, "sideConversation.externalIds");
        if (given?.state !== undefined) checkChanges({ state: given.state });
        const body = optional<ImportSideConversationRequest>({
          side_conversation:
            given &&
            optional<NonNullable<ImportSideConversationRequest["side_conversation"]>>({
              subject: given.subject,
              state: given.state,
              external_ids: given.externalIds,
            }),
          events,
        });
        const path = `${SC}/import` as const;
        return await dataOf(
          "POST",
          api.POST(path, { params: { path: { ticket_id: ticketOf(ticketId) } }, body, signal: signalOf(options) }),
        );
      },
      importEvents: async (ticketId, id, events, options) => {
        checkEvents(events);
        const path = `${EVENTS}/import` as const;
        return await dataOf(
          "POST",
          api.POST(path, { params: { path: ids(ticketId, id) }, body: { events }, signal: signalOf(options) }),
        );
      },
      events: (ticketId, id, options) => data(eventsPage(ticketId, id, options)),
      exportEvents: (startTime, options) => data(exportPage(startTime, options?.signal)),
      uploadAttachment: async (input, options) => {
        const [blob, fileName] = await toBlob(input);
        return await dataOf(
          "POST",
          api.POST(UPLOAD, {
            // openapi-typescript types a `format: binary` field as string; the bytes go as a Blob
            // in the multipart form that bodySerializer builds.
            body: { file: blob as unknown as string },
            bodySerializer: ({ file }) => {
              const form = new FormData();
              form.append("file", file as unknown as Blob, fileName);
              return form;
            },
            signal: signalOf(options),
          }),
        );
      },
    },

    conversationLog: {
      list: (ticketId, options) => data(logPage(ticketId, options)),
    },

    iterate: {
      sideConversations: (ticketId, options) => follow((link) => listPage(ticketId, options, link), offsetPages),
      events: (ticketId, id, options) => follow((link) => eventsPage(ticketId, id, options, link), eventPages),
      exportEvents: (options) => exportEvents(exportPage, options),
      conversationLog: (ticketId, options) => follow((link) => logPage(ticketId, options, link), logPages),
    },
  };
}

/**
 * openapi-fetch's own path serializer, after refusing what would send the request elsewhere: a
 * missing parameter, or "." and "..", which the URL parser would resolve to another path.
 */
const pageOf = <Data>(fetched: Fetched<Data>) => fetched.page;

/** Each path template's parameter names, found once. */
const parameterNames = new Map<string, string[]>();

function strictPath(template: string, values: Record<string, unknown>): string {
  let names = parameterNames.get(template);
  if (!names) {
    names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? "");
    // Templates come from the spec's paths (and links' own paths), so the map stays small; a
    // bound keeps it so even for a caller who builds paths of their own.
    if (parameterNames.size < 1000) parameterNames.set(template, names);
  }
  for (const name of names) {
    const value = values[name];
    if (value == null || value === "") throw new ValidationError(`params.path.${name}`, value, "is required");
    if (value === "." || value === "..")
      throw new ValidationError(`params.path.${name}`, value, "must not be a dot segment");
  }
  return defaultPathSerializer(template, values);
}

function ticketOf(ticketId: number): number {
  if (!Number.isSafeInteger(ticketId) || ticketId < 1)
    throw new ValidationError("ticketId", ticketId, "must be a positive integer");
  return ticketId;
}

function ids(ticketId: number, id: string) {
  const ticket_id = ticketOf(ticketId);
  // "." and ".." would be resolved away by the URL parser, sending the request to another path.
  if (!(typeof id === "string" && /^(?!\.\.?$)[^\s/?#]{1,100}$/.test(id))) {
    throw new ValidationError("sideConversationId", id, "must be an id such as 8566255a-ece5-11e8-857d-493066fa7b17");
  }
  return { ticket_id, side_conversation_id: id };
}

function checkChanges(changes: SideConversationChanges): void {
  const { state, subject, ...rest } = changes ?? {};
  if ((state === undefined && subject === undefined) || Object.keys(rest).length) {
    throw new ValidationError("changes", changes, "must set state and/or subject, and nothing else");
  }
  if (state !== undefined && state !== "open" && state !== "closed") {
    throw new ValidationError("changes.state", state, 'must be "open" or "closed"');
  }
  if (subject !== undefined && !(typeof subject === "string" && subject && subject.length <= 255)) {
    throw new ValidationError("changes.subject", subject, "must be a string of 1 to 255 characters");
  }
}

function checkEvents(events: unknown): void {
  if (!Array.isArray(events) || !events.length)
    throw new ValidationError("events", events, "must be a non-empty array");
  events.forEach((event, index) => {
    const { created_at, message, ...rest } = event ?? {};
    const field = `events[${index}]`;
    if (Object.keys(rest).length) throw new ValidationError(field, event, "may only have created_at and message");
    if (created_at !== undefined && Number.isNaN(Date.parse(created_at))) {
      throw new ValidationError(`${field}.created_at`, created_at, "must be an ISO 8601 date-time");
    }
    checkMessage(message, `${field}.message`);
  });
}

async function toBlob({ file, fileName = (file as File)?.name, contentType }: UploadInput): Promise<[Blob, string]> {
  if (typeof fileName !== "string" || !fileName || /[\r\n"]/.test(fileName)) {
    throw new ValidationError("fileName", fileName, "must be a file name without quotes or line breaks");
  }
  const type = contentType ?? ((file as Blob)?.type || "application/octet-stream");
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(type))
    throw new ValidationError("contentType", type, "must be a MIME type such as image/png");
  const parts: BlobPart[] = [];
  if (file instanceof Blob || file instanceof ArrayBuffer || ArrayBuffer.isView(file)) parts.push(file as BlobPart);
  else if (file instanceof ReadableStream) parts.push(await new Response(file).blob());
  else if (file && typeof file === "object" && Symbol.asyncIterator in file)
    for await (const chunk of file) parts.push(chunk as BlobPart);
  else
    throw new ValidationError(
      "file",
      file,
      "must be a Blob, File, ArrayBuffer, Uint8Array, ReadableStream or async iterable of bytes",
    );
  return [new Blob(parts, { type }), fileName];
}
