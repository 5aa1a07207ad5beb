// zd.GET / zd.POST / zd.PUT: openapi-fetch's call shape and types (from the spec's `paths`), run by
// these few lines over the client's transport instead of by openapi-fetch's own runtime, which
// would double the client's bundle for serialisation options and middleware this API never needs.
// What it does, as openapi-fetch does by default: fill `{name}` path parameters (URI-encoded),
// write the query (arrays repeated, objects as deepObject `page[size]=`), send the body as JSON
// (FormData as it is), and answer `{ data }` or `{ error }` with the response.
import type { Client, ParseAs } from "openapi-fetch";
import { ValidationError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import { type Redact, scrub } from "./redact.js";
import { errorBody, parseJson } from "./results.js";
import type { Answer, Transport } from "./transport.js";

export type TypedFetch = Pick<Client<paths>, "GET" | "POST" | "PUT">;

export interface Params {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

/** The request URL: the path template filled in, then the query. */
export function toUrl(base: string, template: string, { path = {}, query = {} }: Params = {}): string {
  const pairs: string[] = [];
  const add = (key: string, value: unknown) => {
    if (value != null) pairs.push(`${key}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) add(key, item);
    else if (value && typeof value === "object")
      for (const [inner, item] of Object.entries(value)) add(`${key}[${inner}]`, item);
    else add(key, value);
  }
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = path[name];
    if (value == null || value === "") throw new ValidationError(`params.path.${name}`, value, "is required");
    // The URL parser would resolve "." and ".." away, and the request would reach another path.
    if (value === "." || value === "..")
      throw new ValidationError(`params.path.${name}`, value, "must not be a dot segment");
    return encodeURIComponent(String(value));
  });
  return base + filled + (pairs.length ? `?${pairs.join("&")}` : "");
}

interface Init {
  params?: Params;
  body?: unknown;
  headers?: HeadersInit | Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  parseAs?: ParseAs;
  bodySerializer?: (body: unknown) => BodyInit;
  [option: string]: unknown;
}

/** Options of openapi-fetch this surface does not take, because the client owns what they change. */
const NOT_HERE = ["fetch", "middleware", "pathSerializer", "querySerializer", "Request"];

export function createTypedFetch(base: string, transport: Transport, redact: Redact): TypedFetch {
  const method = (name: string) => (template: string, init?: Init) =>
    // What it throws is scrubbed as the helpers' errors are: a ResponseError quotes the body,
    // and a server may echo the credentials there.
    send(name, template, init).catch((failure) => {
      throw scrub(failure, redact);
    });
  const send = async (
    name: string,
    template: string,
    init: Init = {},
  ): Promise<{ data?: unknown; error?: unknown; response: Response }> => {
    // A baseUrl of another origin is refused by the transport, as any other origin is.
    const { params, body, headers, signal, parseAs = "json", bodySerializer, baseUrl = base } = init;
    for (const option of NOT_HERE) {
      if (init[option] !== undefined) {
        throw new ValidationError(
          option,
          typeof init[option],
          "is not taken here: the client sets fetch and the formats",
        );
      }
    }
    const payload =
      body === undefined || body instanceof FormData
        ? body
        : bodySerializer
          ? bodySerializer(body)
          : JSON.stringify(body);
    // As in openapi-fetch, a header given as null or undefined is left out (not sent as "undefined").
    const given =
      headers && !(headers instanceof Headers) && !Array.isArray(headers)
        ? Object.entries(headers).flatMap(([key, value]) => (value == null ? [] : [[key, String(value)]]))
        : headers;
    const answer = await transport(
      name,
      toUrl(baseUrl as string, template, params),
      payload,
      signal,
      given as HeadersInit | undefined,
    );
    const response = toResponse(answer);
    const ok = answer.status < 300;
    if (!answer.bytes.byteLength) return ok ? { data: undefined, response } : { error: undefined, response };
    if (!ok) return { error: errorBody(answer), response };
    return {
      data: parseAs === "json" ? parseJson(answer) : parseAs === "stream" ? response.body : await response[parseAs](),
      response,
    };
  };
  return { GET: method("GET"), POST: method("POST"), PUT: method("PUT") } as unknown as TypedFetch;
}

/** A Response for the caller, over the bytes already read (decoded: no content-encoding any more). */
function toResponse({ status, statusText, headers, bytes }: Answer): Response {
  const response = new Response(status === 204 || status === 205 || status === 304 ? null : bytes, {
    status,
    statusText,
    headers,
  });
  response.headers.delete("content-encoding");
  response.headers.delete("content-length");
  return response;
}
