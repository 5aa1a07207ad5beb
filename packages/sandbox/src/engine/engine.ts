import { splitNamespace } from "@sideconvo/openapi/operations";
import type { Context } from "../resources/context.js";
import { type Clock, SandboxClock } from "./clock.js";
import { type FaultOptions, Gate, type RateLimitOptions } from "./limits.js";
import type { Incoming, Outgoing } from "./messages.js";
import { type OAuthOptions, OAuthServer } from "./oauth.js";
import {
  badRequest,
  breaksTheSpec,
  notFound,
  Refusal,
  safeHeaders,
  unauthenticated,
  type Violation,
  violationsHeader,
} from "./problems.js";
import { adminBody, checkExact, readJson, readTokenRequest } from "./read-body.js";
import { ALIAS_WARNING, route } from "./router.js";
import {
  type Change,
  checkChange,
  checkData,
  dataText,
  emptyData,
  examplesData,
  type SandboxData,
  SandboxDataError,
  State,
} from "./state.js";
import { checkBody, checkParameters } from "./validate.js";

export interface SandboxOptions {
  /** What the sandbox starts with: the spec's examples (default), nothing, or data. */
  seed?: "examples" | "empty" | SandboxData;
  /** Events per page of the incremental export. Default 1000, as the API. */
  exportPageSize?: number;
  /** The API's rate limits, enforced: true, or options (a time scale, other limits). Default off. */
  rateLimits?: boolean | RateLimitOptions;
  /** Faults on demand, deterministic from a seed. Default off. */
  faults?: FaultOptions;
  /** The clock the sandbox's time starts from (default the real one); `sandbox.clock.advance(ms)` moves it. */
  clock?: Clock;
  /**
   * Who may use the admin routes (`/__sandbox/*`): `"loopback"` (requests to localhost,
   * 127.0.0.1 or ::1 only: what the HTTP face uses against DNS rebinding) or `"any"` (default; in
   * process there is no network).
   */
  adminHosts?: "loopback" | "any";
  /**
   * The default namespace's state to start from instead of the seed: data (copied), or a `State`
   * already built, used as it is (the HTTP face's data file, read once, never copied).
   */
  initial?: SandboxData | State;
  /** Each write of the default namespace, as it is made (for a journal). */
  onChange?: (change: Change) => void;
  /** The default namespace was put back to its seed (for a journal: compact it). */
  onReset?: (data: SandboxData) => void;
  /**
   * The origin the records it keeps point to (a side conversation's `url`, an attachment's
   * `content_url`): the HTTP face gives its own address, so that no request's `Host` is written
   * into the data. Default: the origin of each request (in process, the URL the caller chose).
   */
  recordOrigin?: () => string;
  /** Told of each unexpected fault (a 500 of the sandbox itself), with its request id. */
  onError?: (line: string) => void;
  /**
   * At most this many namespaces (`/ns/<name>/…`) are kept; past it the least recently used is
   * dropped (and starts from the seed again if asked for). Default 1000.
   */
  maxNamespaces?: number;
  /**
   * The vendor's OAuth on the sandbox clock: the clients the account has (default
   * `SANDBOX_OAUTH_CLIENTS`), token lifetimes, and when API tokens stop working (default the
   * vendor's 2027-04-30). Bearer tokens are the ones this sandbox issued, checked on every request.
   */
  oauth?: OAuthOptions;
}

export interface Sandbox {
  /** Answers one request, as the API would. */
  handle(request: Request): Promise<Response>;
  /** `handle` without the Fetch objects, for a face that reads and writes bytes itself (the HTTP face). */
  answer(incoming: Incoming): Promise<Outgoing>;
  /**
   * `handle` as a `fetch`: give it to a client (`createClient({ fetch: sandbox.fetch })`) for a
   * sandbox in the same process with no port, no child process and no interception. A transport
   * fault on demand rejects as fetch does on a network error (a TypeError).
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Back to the seed: state, rate-limit budgets and the fault sequence (of one namespace; default the default). */
  reset(namespace?: string): void;
  /** A copy of a namespace's state now. */
  snapshot(namespace?: string): SandboxData;
  /** The sandbox's time: `clock.advance(ms)` moves it forward for every namespace. */
  clock: SandboxClock;
}

export type { Incoming, Outgoing } from "./messages.js";

/** A fault the face acts out on the connection: `reset` (answer nothing) or `cut` (stop halfway). */
export const transportFaults = new WeakMap<Response, "reset" | "cut">();

/** An answer's body as a Fetch body: text as it is, chunks as a stream pulled one chunk at a time. */
export function bodyStream(body: Outgoing["body"]): string | null | ReadableStream<Uint8Array> {
  if (body === null || typeof body === "string") return body;
  const chunks = body[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks.return?.();
    },
  });
}

const incomingOf = (request: Request): Incoming => ({
  method: request.method,
  url: request.url,
  header: (name) => request.headers.get(name),
  text: () => request.text(),
  formData: () => request.formData(),
});

/** Where an in-process sandbox answers by default: a name that never resolves, so nothing leaks out. */
export const SANDBOX_URL = "https://sandbox.sideconvo.invalid";
export { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./read-body.js";

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "x-zendesk-request-id, retry-after, x-rate-limit, x-rate-limit-remaining, ratelimit-limit, ratelimit-remaining, ratelimit-reset, zendesk-ratelimit-omnilog-index, sl-violations, warning",
};
const PREFLIGHT = {
  ...CORS,
  "access-control-allow-methods": "GET, POST, PUT, OPTIONS",
  "access-control-allow-headers": "authorization, content-type, idempotency-key, x-request-id",
  "access-control-max-age": "600",
};
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** A refusal of the spec's rules as an HTTP answer: 400, the vendor's body, and `sl-violations`. */
export interface SpecRefusal {
  status: 400;
  body: Record<string, unknown>;
  violations: Violation[];
  /** The `sl-violations` header's value, in ASCII. */
  header: string;
}

/**
 * Why a request breaks the spec's rules, answered as the sandbox answers it (its parameters, and
 * its JSON body when `body` is not `undefined`). Where the sandbox's checks find nothing, the
 * `otherwise` violations are answered the same way; with none, `undefined`. For a front that checks
 * requests with another validator (the stateless mock's Prism) and should say what is wrong as the
 * sandbox says it.
 */
export function explainRefusal(
  method: string,
  url: URL,
  body?: unknown,
  otherwise: Violation[] = [],
): SpecRefusal | undefined {
  let violations = otherwise;
  try {
    const found = route(method.toUpperCase(), url.pathname);
    if (found.route) {
      checkParameters(found.route.op, found.params, url.searchParams);
      if (body !== undefined && found.route.op.requestBody?.contentType === "application/json")
        checkBody(found.route.op, body);
    }
  } catch (error) {
    if (!(error instanceof Refusal) || error.status !== 400 || !error.violations.length) throw error;
    violations = error.violations;
  }
  if (!violations.length) return undefined;
  const refusal = breaksTheSpec(violations);
  return { status: 400, body: refusal.body, violations, header: violationsHeader(violations) };
}

/** A `Host` header that is a host (and port), nothing else; its hostname in lower case. */
export function hostnameOf(host: string): string | undefined {
  if (!URL.canParse(`http://${host}`)) return undefined;
  const url = new URL(`http://${host}`);
  const plain = url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password;
  return plain && url.host === host.toLowerCase() ? url.hostname : undefined;
}

interface Namespace {
  state: State;
  gate: Gate;
}

export function checkSandboxOptions(options: SandboxOptions): void {
  const { exportPageSize, faults, rateLimits, maxNamespaces } = options;
  if (maxNamespaces !== undefined && (!Number.isSafeInteger(maxNamespaces) || maxNamespaces < 1))
    throw new SandboxDataError(`maxNamespaces must be a positive integer, got ${JSON.stringify(maxNamespaces)}`);
  if (exportPageSize !== undefined && (!Number.isInteger(exportPageSize) || exportPageSize < 1))
    throw new SandboxDataError(`exportPageSize must be a positive integer, got ${JSON.stringify(exportPageSize)}`);
  if (faults !== undefined && !(typeof faults.rate === "number" && faults.rate >= 0 && faults.rate <= 1))
    throw new SandboxDataError(`faults.rate must be a number from 0 to 1, got ${JSON.stringify(faults.rate)}`);
  const scale = typeof rateLimits === "object" ? rateLimits.timeScale : undefined;
  if (scale !== undefined && !(typeof scale === "number" && scale > 0 && Number.isFinite(scale)))
    throw new SandboxDataError(`rateLimits.timeScale must be a positive number, got ${JSON.stringify(scale)}`);
  const seed = options.seed;
  if (typeof seed === "string" && seed !== "examples" && seed !== "empty")
    throw new SandboxDataError(
      `seed must be "examples", "empty" or data, got ${JSON.stringify(seed)} (a seed file is read by the HTTP face: @sideconvo/sandbox/node)`,
    );
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  checkSandboxOptions(options);
  const seed: SandboxData =
    options.seed === undefined || options.seed === "examples"
      ? examplesData()
      : options.seed === "empty"
        ? emptyData()
        : checkData(options.seed, "seed");
  const clock = new SandboxClock(options.clock);
  const oauth = new OAuthServer(clock, options.oauth);
  const rates = options.rateLimits === true ? {} : options.rateLimits || undefined;
  const pageSize = options.exportPageSize ?? 1000;
  const namespaces = new Map<string, Namespace>();
  const fresh = (data: SandboxData): Namespace => ({
    state: new State(structuredClone(data)),
    gate: new Gate(clock, rates, options.faults),
  });
  namespaces.set(
    "",
    options.initial instanceof State
      ? { state: options.initial, gate: new Gate(clock, rates, options.faults) }
      : fresh(options.initial ? checkData(options.initial, "initial") : seed),
  );
  const maxNamespaces = options.maxNamespaces ?? 1000;
  const namespace = (name: string) => {
    let found = namespaces.get(name);
    if (found && name !== "") {
      // Most recently used last: a Map keeps insertion order.
      namespaces.delete(name);
      namespaces.set(name, found);
    }
    if (!found) {
      found = fresh(seed);
      namespaces.set(name, found);
      // The default namespace ("", first in the map) is never dropped.
      if (namespaces.size > maxNamespaces + 1) {
        const oldest = [...namespaces.keys()].find((key) => key !== "");
        if (oldest !== undefined) namespaces.delete(oldest);
      }
    }
    return found;
  };
  const reset = (name = "") => {
    namespaces.set(name, fresh(seed));
    if (name === "") options.onReset?.(structuredClone(seed));
  };

  const json = (status: number, body: unknown, extra: Record<string, string>): Outgoing => ({
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...extra },
    body: JSON.stringify(body),
  });
  const requestId = () => crypto.randomUUID().replaceAll("-", "").slice(0, 16);

  async function admin(request: Incoming, url: URL, path: string, name: string): Promise<Outgoing> {
    const headers = { "x-zendesk-request-id": requestId() };
    const refuse = (status: number, description: string) =>
      json(status, { error: status === 404 ? "RecordNotFound" : "Forbidden", description }, headers);
    // Cross-site requests never reach the state: a page the developer visits cannot reset it.
    // The name the request was sent to (its Host), not where the face listens: a DNS-rebound page's
    // requests arrive on loopback too.
    const sentTo = request.header("host") ?? url.host;
    if (options.adminHosts === "loopback" && !LOOPBACK.has(hostnameOf(sentTo) ?? ""))
      return refuse(403, `The sandbox's admin routes answer on localhost only, not on ${JSON.stringify(sentTo)}`);
    const site = request.header("sec-fetch-site");
    const origin = request.header("origin");
    if ((site && site !== "same-origin" && site !== "none") || (origin && origin !== url.origin))
      return refuse(403, `The sandbox's admin routes refuse cross-site requests (from ${origin ?? site})`);
    if (request.method === "POST" && !/^application\/json/i.test(request.header("content-type") ?? ""))
      return refuse(
        415,
        `POST ${path} takes a JSON body (content-type: application/json, such as {}), got ${JSON.stringify(request.header("content-type"))}`,
      );
    if (path === "/__sandbox/reset" && request.method === "POST") {
      reset(name);
      return json(200, { reset: true, namespace: name || null }, headers);
    }
    if (path === "/__sandbox/state" && request.method === "GET")
      // In chunks: a state of 100,000 records is a quarter of a gigabyte of text, and making it in
      // one go would hold the event loop for seconds. The view is one moment (records are replaced,
      // never edited), so writes made while it is sent are not half in it.
      return {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8", ...headers },
        body: dataText(namespace(name).state.view()),
      };
    if (path === "/__sandbox/oauth/revoke" && request.method === "POST") {
      const body = (await adminBody(request)) as { token?: unknown; all?: unknown };
      if (body.all === true) {
        oauth.clear();
        return json(200, { revoked: "all" }, headers);
      }
      if (typeof body.token !== "string")
        return json(
          400,
          { error: { title: "Invalid request", message: 'Give { "token": "…" } or { "all": true }' } },
          headers,
        );
      return json(200, { revoked: oauth.revoke(body.token) }, headers);
    }
    if (path === "/__sandbox/clock" && request.method === "POST") {
      const body = (await adminBody(request)) as { advanceMs?: unknown };
      try {
        clock.advance(body.advanceMs as number);
      } catch (error) {
        return json(400, { error: { title: "Invalid request", message: (error as Error).message } }, headers);
      }
      return json(200, { now: clock.iso() }, headers);
    }
    return refuse(
      404,
      "The sandbox has POST /__sandbox/reset, GET /__sandbox/state, POST /__sandbox/clock ({ advanceMs }) and POST /__sandbox/oauth/revoke ({ token } or { all: true })",
    );
  }

  async function answer(request: Incoming): Promise<Outgoing> {
    const headers: Record<string, string> = { ...CORS, "x-zendesk-request-id": requestId() };
    try {
      return await serve(request, headers);
    } catch (error) {
      if (error instanceof Refusal) {
        Object.assign(headers, error.headers);
        if (error.violations.length) headers["sl-violations"] = violationsHeader(error.violations);
        return json(error.status, error.body, safeHeaders(headers));
      }
      // A fault of the sandbox itself: said as one, never taken for the API's answer, and logged.
      const id = headers["x-zendesk-request-id"] as string;
      const message = error instanceof Error ? error.message : String(error);
      options.onError?.(`sandbox error on ${request.method} (request id ${id}): ${message}`);
      return json(500, { error: { title: "Sandbox error", message: `${message} (request id ${id})` } }, headers);
    }
  }

  async function serve(request: Incoming, headers: Record<string, string>): Promise<Outgoing> {
    if (!URL.canParse(request.url))
      throw badRequest(
        "Invalid request",
        `The request's address is not a URL: ${JSON.stringify(request.url.slice(0, 100))}`,
      );
    const url = new URL(request.url);
    let path = url.pathname;
    let name = "";
    let origin = url.origin;
    let recordOrigin = options.recordOrigin?.() ?? url.origin;
    const scoped = splitNamespace(path);
    if (scoped.namespace !== undefined) {
      name = scoped.namespace;
      path = scoped.path;
      origin = `${url.origin}/ns/${name}`;
      recordOrigin = `${recordOrigin}/ns/${name}`;
    }
    if (path.startsWith("/__sandbox/")) return admin(request, url, path, name);
    if (request.method === "OPTIONS") return { status: 204, headers: PREFLIGHT, body: null };
    if (path === "/oauth/tokens" && request.method === "POST") {
      const params = await readTokenRequest(request);
      return json(200, await oauth.token(params, request.header("authorization")), {
        ...headers,
        "cache-control": "no-store",
      });
    }
    if (path === "/oauth/authorizations/new" && request.method === "GET") {
      const page = await oauth.authorize(url);
      return { ...page, headers: { ...headers, ...page.headers } };
    }
    const found = route(request.method, path);
    if (!("route" in found) || !found.route)
      throw notFound(
        found.pathExists
          ? `${request.method} is not an operation of ${path}`
          : `No route ${request.method} ${path}: not an operation of the API`,
      );
    const { route: matched, params, alias } = found;
    if (alias) headers.warning = ALIAS_WARNING;
    const authorization = request.header("authorization");
    if (!authorization) throw unauthenticated();
    const actor = oauth.actorOf(authorization);
    const space = namespace(name);
    const passage = space.gate.pass(matched.op);
    Object.assign(headers, passage.headers);
    if (passage.transport === "reset") return { status: 500, headers, body: null, transport: "reset" };
    const parameters = checkParameters(matched.op, params, url.searchParams);
    checkExact("path", parameters.path);
    checkExact("query", parameters.query);
    let body: unknown;
    if (matched.op.requestBody?.contentType === "application/json") {
      body = await readJson(request);
      // The spec's rules first (their status is the mock's), then what they let through that the
      // sandbox could not keep: an inexact number, a date-time of the right form that is no instant.
      checkBody(matched.op, body);
      checkExact("body", body);
    }
    const context: Context = {
      state: space.state,
      params: parameters,
      body,
      request,
      origin,
      recordOrigin,
      now: () => clock.iso(),
      actor,
      exportPageSize: pageSize,
      write: (change) => {
        // By the rules the data file is loaded with: an answered write is one that loads again.
        checkChange(change, space.state);
        space.state.apply(change);
        if (name === "") options.onChange?.(change);
      },
    };
    const [status, result] = await matched.handler(context);
    const answered = json(status, result, headers);
    if (passage.transport === "cut") answered.transport = "cut";
    return answered;
  }

  async function handle(request: Request): Promise<Response> {
    const answered = await answer(incomingOf(request));
    const response = new Response(bodyStream(answered.body), { status: answered.status, headers: answered.headers });
    if (answered.transport) transportFaults.set(response, answered.transport);
    return response;
  }

  return {
    handle,
    answer,
    async fetch(input, init) {
      const response = await handle(new Request(input, init));
      const fault = transportFaults.get(response);
      if (fault)
        throw new TypeError("fetch failed", {
          cause: new Error(
            fault === "reset"
              ? "the sandbox reset the connection (a fault on demand)"
              : "the sandbox cut the answer midway (a fault on demand)",
          ),
        });
      return response;
    },
    reset,
    snapshot: (name = "") => namespace(name).state.toData(),
    clock,
  };
}
