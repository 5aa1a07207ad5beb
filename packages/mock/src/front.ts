// The mock's front door: a small HTTP server in front of Prism that speaks the API's URLs as the
// vendor and existing clients write them, and hands out next-page links as the real API does.
//
// Why a front and not a derived spec with `.json` twin paths: Prism's router matches
// `/side_conversations/{side_conversation_id}` for `/side_conversations/abc.json` too (the id then
// swallows `.json`, the bug this fixes), twin operations would need renamed operationIds that show
// up in every violation, and next-page links have to be rewritten to the mock's origin anyway.
// Prism still checks every request and answer against the one spec; the front only renames.
import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { explainRefusal, type SpecRefusal, type Violation, violationsHeader } from "@sideconvo/sandbox";

/** The path the spec spells for a path as the vendor's samples and clients write it. */
export function specPath(pathname: string): { path: string; alias?: string } {
  let path = pathname;
  // `.json` belongs to the last segment only: `/side_conversations/abc.json` is the id `abc`.
  if (path.endsWith(".json")) path = path.slice(0, -".json".length);
  // The vendor's own show sample spells the collection in the singular. The spec (and, as far as
  // anyone here knows, the live API) only has the plural; answered as show, with a warning header.
  const singular = /^(\/api\/v2\/tickets\/[^/]+)\/side_conversation(\/[^/]+)$/.exec(path);
  if (singular && singular[2] !== "/import") {
    return { path: `${singular[1]}/side_conversations${singular[2]}`, alias: "side_conversation" };
  }
  return { path };
}

/** The next-page link as the real API writes it: absolute, on `origin`, with `.json`. */
export function apiLink(link: unknown, origin: string): unknown {
  if (typeof link !== "string" || !URL.canParse(link)) return link;
  const url = new URL(link);
  // Only links into the API: a dynamic mock's random strings stay as they are.
  if (!url.pathname.startsWith("/api/v2/")) return link;
  const path = url.pathname.endsWith(".json") ? url.pathname : `${url.pathname}.json`;
  return `${origin}${path}${url.search}`;
}

/** Rewrites the pagination links of a JSON answer (`next_page`, `previous_page`, `links.next/prev`). */
export function rewriteLinks(body: unknown, origin: string): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const page = { ...(body as Record<string, unknown>) };
  for (const key of ["next_page", "previous_page"]) if (key in page) page[key] = apiLink(page[key], origin);
  const links = page.links;
  if (links && typeof links === "object" && !Array.isArray(links)) {
    const copy = { ...(links as Record<string, unknown>) };
    for (const key of ["next", "prev"]) if (key in copy) copy[key] = apiLink(copy[key], origin);
    page.links = copy;
  }
  return page;
}

const isJson = (contentType: string | string[] | undefined) =>
  /^application\/(.+\+)?json/i.test(String(contentType ?? ""));

const ALIAS_WARNING =
  '299 sideconvo-mock "/side_conversation/ (singular, as in the vendor\'s show sample) answered as /side_conversations/; the spec has only the plural"';

// Headers that describe one connection, not the message (RFC 9110 §7.6.1).
const HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host"]);

export interface FrontOptions {
  host: string;
  port: number;
}

export interface RunningFront {
  server: Server;
  /** The origin clients use, such as http://127.0.0.1:4010. */
  url: string;
  /** Where requests go from now on: Prism's origin; undefined while there is none, with the reason. */
  target(origin: string | undefined, why?: string): void;
  close(): Promise<void>;
}

/** Listens first (so a taken port is reported before Prism starts); the target is set later. */
export async function listenFront({ host, port }: FrontOptions): Promise<RunningFront> {
  let target: URL | undefined;
  let waiting = "the mock is still starting";
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, outgoing) => {
    try {
      if (!target) return fail(outgoing, 503, waiting);
      const screened = screen(incoming);
      if (typeof screened === "string") {
        incoming.resume();
        return invalid(outgoing, 400, screened, "request");
      }
      route(incoming, outgoing, { ...specPath(screened.pathname), search: screened.search, target, agent });
    } catch (error) {
      // Nothing a request sends may take the front down with it.
      if (outgoing.headersSent) outgoing.destroy();
      else fail(outgoing, 500, `the mock's front could not pass the request on: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    target: (origin, why) => {
      target = origin === undefined ? undefined : new URL(origin);
      if (why) waiting = why;
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const percentEscapes = /%(?![0-9A-Fa-f]{2})/;

/**
 * What Prism cannot be given: a `Host` that is not a host, a target that is not a path, a percent
 * escape that does not decode (Prism's URI decoding throws on it, and its process exits). Returns
 * the request's URL, or the sentence to answer 400 with.
 */
function screen(incoming: IncomingMessage): URL | string {
  const host = incoming.headers.host;
  if (host !== undefined && (!URL.canParse(`http://${host}`) || new URL(`http://${host}`).host !== host.toLowerCase()))
    return `The Host header is not a host: ${JSON.stringify(host.slice(0, 100))}`;
  const target = incoming.url ?? "/";
  if (!target.startsWith("/") || target.startsWith("//"))
    return `The request target must be a path, got ${JSON.stringify(target.slice(0, 100))}`;
  const url = new URL(target, "http://front");
  for (const part of [url.pathname, url.search.slice(1)]) {
    const bad = percentEscapes.test(part) || !decodes(part);
    if (bad)
      return `The request's ${part === url.pathname ? "path" : "query"} has a malformed percent escape: ${JSON.stringify(part.slice(0, 100))}`;
  }
  return url;
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text.replaceAll("+", " "));
    return true;
  } catch {
    return false;
  }
}

/** One request on its way through the front: where it goes, as what, and what to do to its answer. */
interface Call {
  /** The path as the spec spells it, and the alias it was asked by, if any. */
  path: string;
  alias?: string;
  search: string;
  target: URL;
  agent: Agent;
}

/** Largest JSON request body the front reads to check it (the API's own limit is far lower). */
const MAX_JSON_BODY = 10 * 1024 * 1024;

/**
 * Prism never answers a request whose JSON body does not parse (the vendor's own create and reply
 * samples lack a closing brace): the client waits until it times out. The front reads JSON bodies
 * first and answers such a one 400, as the API does, in the spec's error shape.
 */
function route(incoming: IncomingMessage, outgoing: ServerResponse, call: Call): void {
  if (!isJson(incoming.headers["content-type"])) {
    forward(incoming, outgoing, call);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  incoming.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_JSON_BODY) chunks.push(chunk);
  });
  incoming.on("end", () => {
    if (size > MAX_JSON_BODY) {
      invalid(outgoing, 413, `The request body is ${size} bytes of JSON, over the mock's ${MAX_JSON_BODY}`);
      return;
    }
    const body = Buffer.concat(chunks);
    let parsed: unknown;
    if (body.length) {
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch (error) {
        invalid(outgoing, 400, `The request body is not valid JSON: ${(error as Error).message}`);
        return;
      }
    }
    forward(incoming, outgoing, call, body, parsed);
  });
}

function invalid(outgoing: ServerResponse, status: number, message: string, where: "body" | "request" = "body"): void {
  const body = JSON.stringify({ error: { title: "Invalid request", message } });
  // The same header Prism reports its violations in, so tests that look for it see this one too;
  // written by the sandbox's own writer, in ASCII, so that any value it quotes fits in a header.
  const violation = violationsHeader([
    {
      location: where === "body" ? ["request", "body"] : ["request"],
      code: where === "body" ? "invalid-json" : "invalid-request",
      message,
    },
  ]);
  outgoing.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-zendesk-request-id": "sideconvo-mock-front",
    "sl-violations": violation,
  });
  outgoing.end(body);
}

/** `buffered` and `parsed`: a JSON body as read by `route`, the bytes to send on and their value. */
function forward(
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  call: Call,
  buffered?: Buffer,
  parsed?: unknown,
): void {
  const { path, alias, search, target, agent } = call;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined && !HOP.has(name)) headers[name] = value;
  }
  if (buffered) headers["content-length"] = String(buffered.length);
  const origin = `http://${incoming.headers.host ?? `${target.hostname}:${target.port}`}`;
  const upstream = request(
    { host: target.hostname, port: target.port, method: incoming.method, path: `${path}${search}`, headers, agent },
    (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP.has(name)) out[name] = value;
      }
      if (alias) out.warning = ALIAS_WARNING;
      if (!isJson(answer.headers["content-type"]) || incoming.method === "HEAD") {
        outgoing.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(outgoing);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("error", () => outgoing.destroy());
      answer.on("end", () => {
        let status = answer.statusCode ?? 502;
        let body = Buffer.concat(chunks);
        const refusal = refusalOf(status, answer.headers["sl-violations"], incoming, call, parsed);
        if (refusal) {
          status = refusal.status;
          body = Buffer.from(JSON.stringify(refusal.body));
          out["content-type"] = "application/json";
          out["sl-violations"] = refusal.header;
        }
        const text = body.toString("utf8");
        // Only a page is parsed and written again; every other answer goes on byte for byte.
        if (/"(next_page|previous_page|links)"\s*:/.test(text)) {
          try {
            body = Buffer.from(JSON.stringify(rewriteLinks(JSON.parse(text), origin)));
          } catch {
            // Not JSON after all: passed on unchanged, for the client to report.
          }
        }
        out["content-length"] = String(body.length);
        outgoing.writeHead(status, out);
        outgoing.end(body);
      });
    },
  );
  upstream.on("error", (error) => {
    if (outgoing.headersSent) outgoing.destroy();
    else fail(outgoing, 502, `Prism did not answer: ${error.message}`);
  });
  // A client that goes away takes its request to Prism with it.
  outgoing.on("close", () => {
    if (!outgoing.writableFinished) upstream.destroy();
  });
  if (buffered) upstream.end(buffered);
  else incoming.pipe(upstream);
}

interface PrismViolation {
  location?: string[];
  severity?: string;
  code?: string;
  message?: string;
}

/**
 * Prism's refusal of a request that breaks the spec's rules, answered as the vendor documents it
 * (400, not Prism's 422 with the spec's canned example) and said as the sandbox says it: one
 * sentence a violation naming the field and the value, by field in `details`. The sentences come
 * from the sandbox's checks of the same spec; where they find nothing (Prism alone objects, as to
 * an upload without its file part), Prism's own messages are kept.
 */
function refusalOf(
  status: number,
  header: string | string[] | undefined,
  incoming: IncomingMessage,
  call: Call,
  body: unknown,
): SpecRefusal | undefined {
  if ((status !== 400 && status !== 422) || typeof header !== "string") return undefined;
  let prism: unknown;
  try {
    prism = JSON.parse(header);
  } catch {
    return undefined;
  }
  const errors = (Array.isArray(prism) ? (prism as PrismViolation[]) : []).filter(
    (v) => v?.severity === "Error" && Array.isArray(v.location) && v.location[0] === "request",
  );
  if (!errors.length) return undefined;
  const prismSays: Violation[] = errors.map((v) => ({
    location: v.location as string[],
    code: String(v.code ?? "invalid"),
    message: `${(v.location as string[]).slice(1).join(".") || "the request"}: ${v.message ?? "is invalid"}`,
  }));
  return explainRefusal(
    incoming.method ?? "GET",
    new URL(`${call.path}${call.search}`, "http://front"),
    body,
    prismSays,
  );
}

function fail(outgoing: ServerResponse, status: number, description: string): void {
  const body = JSON.stringify({ error: "MockUnavailable", description });
  outgoing.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  outgoing.end(body);
}
