import { ValidationError } from "./errors.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { EventExport, type ExportOptions, type Fetched, follow, nextCursor, nextPage } from "./paginate.js";
import { checkExternalIds, checkMessage } from "./participants.js";
import { RateLimiter } from "./rate-limit.js";
import { createRedactor, scrub } from "./redact.js";
import { parseJson, toApiError } from "./results.js";
import { type Answer, createTransport } from "./transport.js";
import { createTypedFetch, type Params, toUrl } from "./typed-fetch.js";
import type {
  ConversationLogEvent,
  ConversationLogResponse,
  ExternalIdsInput,
  ImportEventInput,
  SideConversation,
  SideConversationEvent,
  SideConversationEventExportResponse,
  SideConversationEventListResponse,
  SideConversationListResponse,
  SideConversationMessageInput,
  SideConversationResponse,
  SideConversationWriteResponse,
  UploadedAttachment,
} from "./types.js";

export interface CallOptions {
  signal?: AbortSignal;
}
export interface PageOptions extends CallOptions {
  /** The offset page to read, from 1. */
  page?: number;
  /** Records per page, 1 to 100. */
  perPage?: number;
}
export interface ListOptions extends PageOptions {
  /** Sideload the events of the side conversations. */
  include?: "events";
}
export interface ConversationLogOptions extends CallOptions {
  /** Records per page, 1 to 100. Default 100. */
  pageSize?: number;
  /** `created_at` (oldest first, the default) or `-created_at`. */
  sort?: "created_at" | "-created_at";
  after?: string;
  before?: string;
}
export interface ImportInput {
  sideConversation?: { subject?: string; state?: "open" | "closed"; externalIds?: ExternalIdsInput };
  /** The messages, oldest first. */
  events: ImportEventInput[];
}
export interface UploadInput {
  /** The bytes: a Blob or File, an ArrayBuffer or Uint8Array, a web ReadableStream, or any async iterable of bytes (a Node stream). */
  file: Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  /** The file name; a File's own name by default. */
  fileName?: string;
  /** The MIME type; the Blob's type by default, else application/octet-stream. */
  contentType?: string;
}
export interface SideConversationChanges {
  state?: "open" | "closed";
  subject?: string;
}

const SC = "/api/v2/tickets/{ticket_id}/side_conversations";
const ONE = `${SC}/{side_conversation_id}`;

/** Creates a client. Options are checked at once: a bad one throws a ValidationError. */
export function createClient(options: ClientOptions) {
  const config = resolveOptions(options);
  const redact = createRedactor(config.auth.secrets);
  const limiter = config.rateLimit ? new RateLimiter(config.rateLimit) : undefined;
  const transport = createTransport(config, limiter, redact);

  /** The parsed page of a 2xx answer, or its typed error. */
  const settle = async (pending: Promise<Answer>): Promise<Fetched> => {
    try {
      const answer = await pending;
      if (answer.status > 299) throw toApiError(answer);
      return { page: parseJson(answer), answer };
    } catch (failure) {
      throw scrub(failure, redact);
    }
  };

  /** One operation: its path template filled in and encoded, its body as JSON. */
  const call = (method: string, path: string, params: Params, body?: unknown, signal?: AbortSignal) =>
    settle(
      transport(method, toUrl(config.baseUrl, path, params), body === undefined ? null : JSON.stringify(body), signal),
    );

  /** A URL the API gave (a next page), straight through the transport. */
  const fetchUrl = (url: string, signal?: AbortSignal) => settle(transport("GET", url, null, signal));

  const listPage = async (ticketId: number, { include, page, perPage, signal }: ListOptions = {}) =>
    call("GET", SC, { path: ids(ticketId), query: { include, page, per_page: perPage } }, undefined, signal);
  const eventsPage = async (ticketId: number, id: string, { page, perPage, signal }: PageOptions = {}) =>
    call("GET", `${ONE}/events`, { path: ids(ticketId, id), query: { page, per_page: perPage } }, undefined, signal);
  const exportPage = async (startTime: number, signal?: AbortSignal) =>
    call("GET", "/api/v2/tickets/side_conversations/events", { query: { start_time: startTime } }, undefined, signal);
  const logPage = async (
    ticketId: number,
    { pageSize = 100, sort, after, before, signal }: ConversationLogOptions = {},
  ) => {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      throw new ValidationError("pageSize", pageSize, "must be an integer from 1 to 100");
    }
    const query = { page: { size: pageSize, after, before }, sort };
    return call(
      "GET",
      "/api/v2/tickets/{ticket_id}/conversation_log",
      { path: ids(ticketId), query },
      undefined,
      signal,
    );
  };
  const update = async (
    ticketId: number,
    id: string,
    changes: SideConversationChanges,
    { signal }: CallOptions = {},
  ) => {
    checkChanges(changes);
    return data<SideConversationResponse>(
      call("PUT", ONE, { path: ids(ticketId, id) }, { side_conversation: changes }, signal),
    );
  };

  return {
    /** openapi-fetch's typed surface (`{ data, error, response }`), through the same auth, limits and retries. */
    ...createTypedFetch(config.baseUrl, transport),
    /** Where requests go, such as https://acme.zendesk.com. */
    baseUrl: config.baseUrl,

    sideConversations: {
      list: (ticketId: number, options?: ListOptions) =>
        data<SideConversationListResponse>(listPage(ticketId, options)),
      show: async (ticketId: number, id: string, { include, signal }: CallOptions & { include?: "events" } = {}) =>
        data<SideConversationResponse>(
          call("GET", ONE, { path: ids(ticketId, id), query: { include } }, undefined, signal),
        ),
      create: async (
        ticketId: number,
        message: SideConversationMessageInput,
        { externalIds, signal }: CallOptions & { externalIds?: ExternalIdsInput } = {},
      ) => {
        checkMessage(message);
        if (externalIds !== undefined) checkExternalIds(externalIds, "externalIds");
        return data<SideConversationWriteResponse>(
          call("POST", SC, { path: ids(ticketId) }, { message, external_ids: externalIds }, signal),
        );
      },
      reply: async (
        ticketId: number,
        id: string,
        message: SideConversationMessageInput,
        { signal }: CallOptions = {},
      ) => {
        checkMessage(message);
        return data<SideConversationWriteResponse>(
          call("POST", `${ONE}/reply`, { path: ids(ticketId, id) }, { message }, signal),
        );
      },
      update,
      close: (ticketId: number, id: string, options?: CallOptions) =>
        update(ticketId, id, { state: "closed" }, options),
      reopen: (ticketId: number, id: string, options?: CallOptions) => update(ticketId, id, { state: "open" }, options),
      import: async (
        ticketId: number,
        { sideConversation: given, events }: ImportInput,
        { signal }: CallOptions = {},
      ) => {
        checkEvents(events);
        if (given?.externalIds !== undefined) checkExternalIds(given.externalIds, "sideConversation.externalIds");
        if (given?.state !== undefined) checkChanges({ state: given.state });
        const side_conversation = given && {
          subject: given.subject,
          state: given.state,
          external_ids: given.externalIds,
        };
        return data<SideConversationWriteResponse>(
          call("POST", `${SC}/import`, { path: ids(ticketId) }, { side_conversation, events }, signal),
        );
      },
      importEvents: async (ticketId: number, id: string, events: ImportEventInput[], { signal }: CallOptions = {}) => {
        checkEvents(events);
        return data<SideConversationWriteResponse>(
          call("POST", `${ONE}/events/import`, { path: ids(ticketId, id) }, { events }, signal),
        );
      },
      events: (ticketId: number, id: string, options?: PageOptions) =>
        data<SideConversationEventListResponse>(eventsPage(ticketId, id, options)),
      exportEvents: (startTime: number, { signal }: CallOptions = {}) =>
        data<SideConversationEventExportResponse>(exportPage(startTime, signal)),
      uploadAttachment: async (input: UploadInput, { signal }: CallOptions = {}) => {
        const form = new FormData();
        form.append("file", ...(await toBlob(input)));
        const url = `${config.baseUrl}/api/v2/tickets/side_conversations/attachments`;
        return data<UploadedAttachment>(settle(transport("POST", url, form, signal)));
      },
    },

    conversationLog: {
      list: (ticketId: number, options?: ConversationLogOptions) =>
        data<ConversationLogResponse>(logPage(ticketId, options)),
    },

    /** Every record of a paginated read, holding one page in memory at a time. */
    iterate: {
      sideConversations: async function* (ticketId: number, options: Omit<ListOptions, "page"> = {}) {
        const first = await listPage(ticketId, options);
        yield* follow<SideConversation>(first, "side_conversations", nextPage, (url) => fetchUrl(url, options.signal));
      },
      events: async function* (ticketId: number, id: string, options: Omit<PageOptions, "page"> = {}) {
        const first = await eventsPage(ticketId, id, options);
        yield* follow<SideConversationEvent>(first, "events", nextPage, (url) => fetchUrl(url, options.signal));
      },
      /** The account-wide export, resumable from its `.checkpoint`. */
      exportEvents: (options: ExportOptions) => new EventExport(exportPage, options),
      conversationLog: async function* (
        ticketId: number,
        options: Omit<ConversationLogOptions, "after" | "before"> = {},
      ) {
        const first = await logPage(ticketId, options);
        yield* follow<ConversationLogEvent>(first, "events", nextCursor, (url) => fetchUrl(url, options.signal));
      },
    },
  };
}

export type SideconvoClient = ReturnType<typeof createClient>;

const data = <T>(pending: Promise<Fetched>) => pending.then((fetched) => fetched.page as T);

function ids(ticketId: number, id?: string) {
  if (!Number.isSafeInteger(ticketId) || ticketId < 1)
    throw new ValidationError("ticketId", ticketId, "must be a positive integer");
  if (id !== undefined && !(typeof id === "string" && /^[^\s/?#]{1,100}$/.test(id))) {
    throw new ValidationError("sideConversationId", id, "must be an id such as 8566255a-ece5-11e8-857d-493066fa7b17");
  }
  return { ticket_id: ticketId, side_conversation_id: id };
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
