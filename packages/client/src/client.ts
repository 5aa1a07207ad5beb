import { ValidationError } from "./errors.js";
import { type ClientOptions, resolveOptions } from "./options.js";
import { type ExportOptions, exportEvents, type Fetched, follow, nextCursor, nextPage } from "./paginate.js";
import { checkExternalIds, checkMessage } from "./participants.js";
import { createRateLimiter } from "./rate-limit.js";
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
  signal?: AbortSignal | undefined;
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
  const transport = createTransport(config, config.rateLimit ? createRateLimiter(config.rateLimit) : undefined, redact);

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
  const call = (method: string, path: string, params: Params, options?: CallOptions, body?: unknown) =>
    settle(
      transport(
        method,
        toUrl(config.baseUrl, path, params),
        body === undefined ? null : JSON.stringify(body),
        options?.signal,
      ),
    );
  /** A write (its caller has checked the body): sent as JSON; resolves to the parsed answer. */
  const write = <T>(
    method: string,
    path: string,
    values: Record<string, unknown>,
    body: object,
    options?: CallOptions,
  ) => data<T>(call(method, path, { path: values }, options, body));

  /** Follows a paginated read to its end, each next page a URL the API gave. */
  const pages = <T>(first: () => Promise<Fetched>, key: string, next: typeof nextPage, options?: CallOptions) =>
    follow<T>(first, key, next, (url) => settle(transport("GET", url, null, options?.signal)));

  const listPage = async (ticketId: number, options: ListOptions = {}) =>
    call("GET", SC, { path: ids(ticketId), query: query(options) }, options);
  const eventsPage = async (ticketId: number, id: string, options: PageOptions = {}) =>
    call("GET", `${ONE}/events`, { path: ids(ticketId, id), query: query(options) }, options);
  const exportPage = async (startTime: number, signal?: AbortSignal) =>
    call("GET", "/api/v2/tickets/side_conversations/events", { query: { start_time: startTime } }, { signal });
  const logPage = async (ticketId: number, options: ConversationLogOptions = {}) => {
    const { pageSize: size = 100, sort, after, before } = options;
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      throw new ValidationError("pageSize", size, "must be an integer from 1 to 100");
    }
    const params = { path: ids(ticketId), query: { page: { size, after, before }, sort } };
    return call("GET", "/api/v2/tickets/{ticket_id}/conversation_log", params, options);
  };
  const update = async (ticketId: number, id: string, changes: SideConversationChanges, options?: CallOptions) => {
    checkChanges(changes);
    return write<SideConversationResponse>("PUT", ONE, ids(ticketId, id), { side_conversation: changes }, options);
  };

  return {
    /** openapi-fetch's typed surface (`{ data, error, response }`), through the same auth, limits and retries. */
    ...createTypedFetch(config.baseUrl, transport, redact),
    /** Where requests go, such as https://acme.zendesk.com. */
    baseUrl: config.baseUrl,

    sideConversations: {
      list: (ticketId: number, options?: ListOptions) =>
        data<SideConversationListResponse>(listPage(ticketId, options)),
      show: async (ticketId: number, id: string, options: CallOptions & { include?: "events" } = {}) =>
        data<SideConversationResponse>(
          call("GET", ONE, { path: ids(ticketId, id), query: { include: options.include } }, options),
        ),
      create: async (
        ticketId: number,
        message: SideConversationMessageInput,
        options: CallOptions & { externalIds?: ExternalIdsInput } = {},
      ) => {
        const { externalIds } = options;
        checkMessage(message);
        if (externalIds !== undefined) checkExternalIds(externalIds, "externalIds");
        const body = { message, external_ids: externalIds };
        return write<SideConversationWriteResponse>("POST", SC, ids(ticketId), body, options);
      },
      reply: async (ticketId: number, id: string, message: SideConversationMessageInput, options?: CallOptions) => {
        checkMessage(message);
        return write<SideConversationWriteResponse>("POST", `${ONE}/reply`, ids(ticketId, id), { message }, options);
      },
      update,
      close: (ticketId: number, id: string, options?: CallOptions) =>
        update(ticketId, id, { state: "closed" }, options),
      reopen: (ticketId: number, id: string, options?: CallOptions) => update(ticketId, id, { state: "open" }, options),
      import: async (ticketId: number, { sideConversation: given, events }: ImportInput, options?: CallOptions) => {
        checkEvents(events);
        if (given?.externalIds !== undefined) checkExternalIds(given.externalIds, "sideConversation.externalIds");
        if (given?.state !== undefined) checkChanges({ state: given.state });
        const side_conversation = given && {
          subject: given.subject,
          state: given.state,
          external_ids: given.externalIds,
        };
        const body = { side_conversation, events };
        return write<SideConversationWriteResponse>("POST", `${SC}/import`, ids(ticketId), body, options);
      },
      importEvents: async (ticketId: number, id: string, events: ImportEventInput[], options?: CallOptions) => {
        checkEvents(events);
        const path = `${ONE}/events/import`;
        return write<SideConversationWriteResponse>("POST", path, ids(ticketId, id), { events }, options);
      },
      events: (ticketId: number, id: string, options?: PageOptions) =>
        data<SideConversationEventListResponse>(eventsPage(ticketId, id, options)),
      exportEvents: (startTime: number, options?: CallOptions) =>
        data<SideConversationEventExportResponse>(exportPage(startTime, options?.signal)),
      uploadAttachment: async (input: UploadInput, options?: CallOptions) => {
        const form = new FormData();
        form.append("file", ...(await toBlob(input)));
        const url = `${config.baseUrl}/api/v2/tickets/side_conversations/attachments`;
        return data<UploadedAttachment>(settle(transport("POST", url, form, options?.signal)));
      },
    },

    conversationLog: {
      list: (ticketId: number, options?: ConversationLogOptions) =>
        data<ConversationLogResponse>(logPage(ticketId, options)),
    },

    /** Every record of a paginated read, holding one page in memory at a time. */
    iterate: {
      sideConversations: (ticketId: number, options?: Omit<ListOptions, "page">) =>
        pages<SideConversation>(() => listPage(ticketId, options), "side_conversations", nextPage, options),
      events: (ticketId: number, id: string, options?: Omit<PageOptions, "page">) =>
        pages<SideConversationEvent>(() => eventsPage(ticketId, id, options), "events", nextPage, options),
      /** The account-wide export, resumable from its `.checkpoint`. */
      exportEvents: (options: ExportOptions) => exportEvents(exportPage, options),
      conversationLog: (ticketId: number, options?: Omit<ConversationLogOptions, "after" | "before">) =>
        pages<ConversationLogEvent>(() => logPage(ticketId, options), "events", nextCursor, options),
    },
  };
}

export type SideconvoClient = ReturnType<typeof createClient>;

const data = <T>(pending: Promise<Fetched>) => pending.then((fetched) => fetched.page as T);

const query = ({ include, page, perPage }: ListOptions) => ({ include, page, per_page: perPage });

function ids(ticketId: number, id?: string) {
  if (!Number.isSafeInteger(ticketId) || ticketId < 1)
    throw new ValidationError("ticketId", ticketId, "must be a positive integer");
  // "." and ".." would be resolved away by the URL parser, sending the request to another path.
  if (id !== undefined && !(typeof id === "string" && /^(?!\.\.?$)[^\s/?#]{1,100}$/.test(id))) {
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
