// The fetch that openapi-fetch is given: a Request in, a Response out, with the client's policy in
// between. Per request, in order: refuse any origin but the configured one, add credentials, wait
// for the rate-limit budgets, send with a timeout, read the body whole (so a body cut off midway is
// a network error, retried like one), follow same-origin redirects only, and retry what retry.ts
// allows. Whatever it throws is scrubbed of secrets.
//
// It sits below openapi-fetch's middleware on purpose: a middleware sees each call once, without
// credentials (they are added here), and the final answer after any retry. Usable on its own with
// any openapi-fetch client: `createClient<paths>({ baseUrl, fetch: createSideconvoFetch(options) })`.
import { providedHeader } from "./auth.js";
import { createDeadlines } from "./deadlines.js";
import {
  NetworkError,
  RateLimitError,
  ResponseTooLargeError,
  SecurityError,
  SideconvoError,
  TimeoutError,
} from "./errors.js";
import { oauthProvider } from "./oauth.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { createRateLimiter, type WaitInfo } from "./rate-limit.js";
import { createRedactor, type Redact, scrub } from "./redact.js";
import { parseJson } from "./results.js";
import {
  backoffMs,
  canRetryNetworkError,
  canRetryStatus,
  parseRetryAfter,
  type RetryInfo,
  type RetryOptions,
} from "./retry.js";

const utf8 = new TextDecoder();
const utf8Out = new TextEncoder();

/** The statuses that send the request elsewhere (not 304 Not Modified, nor 300, which need a choice). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A fetch with the client's policy: what openapi-fetch's `fetch` option takes. */
export type SideconvoFetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * The client's fetch on its own, for another openapi-fetch client or plain calls: the same options
 * as `createClient`, checked at once. Answers are read whole; a 2xx body that is not JSON makes
 * `response.json()` reject with a ResponseError (scrubbed) instead of a SyntaxError quoting it.
 */
export function createSideconvoFetch(options: ClientOptions): SideconvoFetch {
  return setUp(options).fetch;
}

/** Options checked once, the redactor for their secrets, and the fetch built on them. */
export function setUp(options: ClientOptions) {
  const resolved = resolveOptions(options);
  const redact = createRedactor(resolved.auth.secrets);
  const { oauth, deprecated } = resolved.auth;
  const config = oauth
    ? {
        ...resolved,
        auth: {
          ...resolved.auth,
          provider: oauthProvider(oauth, {
            origin: resolved.origin,
            fetch: resolved.fetch,
            clock: resolved.clock,
            timeoutMs: resolved.timeoutMs,
            remember: redact.remember,
          }),
        },
      }
    : resolved;
  if (deprecated) warnOnce(resolved.logger, deprecated);
  const limiter = config.rateLimit ? createRateLimiter(config.rateLimit, config.clock) : undefined;
  return { config, redact, fetch: createPolicyFetch(config, limiter, redact) };
}

let warned = false;
/** A notice said once per process, however many clients are made. */
function warnOnce(logger: ResolvedOptions["logger"], message: string): void {
  if (warned) return;
  warned = true;
  logger.warn(message);
}

type RateLimiter = ReturnType<typeof createRateLimiter>;

/** What the fetch needs of a URL: its whole, its origin and its path. */
export interface Target {
  href: string;
  origin: string;
  pathname: string;
}

/**
 * The request's URL, parsed only when it is not plainly on the configured origin. A Request's url
 * is already serialised by the URL parser (scheme and host in lower case, no default port), so one
 * that starts with the origin and a slash is on that origin, with no user-info before the host.
 */
function target(href: string, origin: string): Target {
  if (href.startsWith(origin) && href.charCodeAt(origin.length) === 47 /* "/" */) {
    const end = href.search(/[?#]/);
    return { href, origin, pathname: href.slice(origin.length, end < 0 ? undefined : end) };
  }
  return new URL(href);
}

/** The string body of a Request openapi-fetch made through KeepingRequest. */
const KEPT = Symbol();
/** Set on those of them made without a caller's signal: theirs can never abort, so nothing listens to it. */
const UNSIGNALLED = Symbol();
type Keeping = Request & { [KEPT]?: string; [UNSIGNALLED]?: true };

/**
 * The Request class given to openapi-fetch: a real Request (its prototype is Request's, so
 * `instanceof Request` holds for middleware), which also remembers a string body, so that the
 * fetch below sends that string instead of reading the Request's stream back.
 */
function keepingRequest(input: RequestInfo | URL, init?: RequestInit): Request {
  const request: Keeping = new Request(input, init);
  if (typeof init?.body === "string") request[KEPT] = init.body;
  if (!init?.signal && !(input instanceof Request)) request[UNSIGNALLED] = true;
  return request;
}
keepingRequest.prototype = Request.prototype;
export const KeepingRequest = keepingRequest as unknown as typeof Request;

export function createPolicyFetch(
  config: ResolvedOptions,
  limiter: RateLimiter | undefined,
  redact: ReturnType<typeof createRedactor>,
): SideconvoFetch {
  const { provider } = config.auth;
  const retry = config.retry || { retries: 0 };
  const { retries = 4, maxRetryAfterMs = 600_000 } = retry;
  const { maxResponseBytes } = config;

  // Called unbound, as a plain function: a browser's fetch called as a method of anything but
  // the window throws "Illegal invocation".
  const send = config.fetch;
  const deadlines = createDeadlines(config.timeoutMs);

  // A budget that resets later than the caller would wait for a 429 is refused at once, naming the
  // reset, never waited out (a server's reset of 1e9 seconds once held a request for 31 years).
  const refuseLongWait = (wait: WaitInfo) => {
    if (wait.waitMs <= maxRetryAfterMs) return;
    const url = new URL(wait.url);
    throw new RateLimitError(
      `${wait.method} ${url.pathname} would wait ${Math.ceil(wait.waitMs / 1000)} s for the rate-limit budget "${wait.bucket}" (it resets at ${resetAt(config.clock.now() + wait.waitMs)}), longer than retry.maxRetryAfterMs (${maxRetryAfterMs} ms)`,
      { ...factsOf(wait.method, url), retryAfterMs: wait.waitMs },
    );
  };

  return async (input, init) => {
    const request: Keeping = input instanceof Request && init === undefined ? input : new Request(input, init);
    const { signal } = request;
    let method = request.method;
    const listen = request[UNSIGNALLED] !== true;
    let url = target(request.url, config.origin);
    try {
      // A plain record, not a copy of the Request's Headers: fetch takes either, and this one
      // costs no header-name validation per request (the names are ours or already checked).
      const headers: Record<string, string> = {};
      request.headers.forEach(copyHeader, headers);
      headers.accept = "application/json";
      headers["user-agent"] = config.userAgent;
      // Compared as origins, never as bare string prefixes: https://acme.zendesk.com.evil.com and
      // https://acme.zendesk.com@evil.com both start with the configured origin. Redirects are
      // checked the same way below.
      if (url.origin !== config.origin) {
        throw new SecurityError(
          `refused to send credentials to ${url.origin}; this client only talks to ${config.origin}`,
          factsOf(method, url),
        );
      }
      // Asked for only once the origin is known to be ours; a fixed token is the same every time.
      let authorization = provider
        ? await untilAborted(providedHeader(provider, false, redact.remember), listen ? signal : undefined)
        : config.auth.header;
      headers.authorization = authorization as string;
      // Sent again as it is on a retry, a redirect or with a fresh token: the string openapi-fetch
      // serialised when it is known (reading it back out of the Request costs a stream read),
      // otherwise the bytes, read once.
      let body =
        request[KEPT] ??
        (typeof init?.body === "string" ? init.body : null) ??
        (request.body ? await request.arrayBuffer() : null);

      for (let attempt = 0, hops = 0, refreshed = false; ; ) {
        const waiting = limiter?.acquire(method, url, signal, refuseLongWait);
        if (waiting) await waiting;
        if (signal.aborted) throw signal.reason;
        // One controller per attempt, its deadline finished once the body is read: nothing of the
        // attempt outlives it (AbortSignal.timeout would hold its memory until the timer fired).
        const attemptController = new AbortController();
        let timedOut = false;
        const deadline = deadlines.start(() => {
          timedOut = true;
          attemptController.abort(new DOMException("the attempt timed out", "TimeoutError"));
        });
        const forward = listen ? () => attemptController.abort(signal.reason) : undefined;
        if (forward) signal.addEventListener("abort", forward);
        let response: Response;
        let read: ArrayBuffer | string;
        try {
          response = await send(url.href, {
            method,
            headers,
            body,
            redirect: "manual",
            signal: attemptController.signal,
          });
          // JSON (always UTF-8) is read as text, decoded once by the runtime; anything else as bytes.
          read = await readBody(response, maxResponseBytes, () => factsOf(method, url, response));
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          if (error instanceof ResponseTooLargeError) throw error; // the same answer again: no retry
          const failure = timedOut
            ? new TimeoutError(`${method} ${url.href} got no complete answer within ${config.timeoutMs} ms`, {
                ...factsOf(method, url),
                timeoutMs: config.timeoutMs,
              })
            : toNetworkError(error, factsOf(method, url));
          if (attempt < retries && canRetryNetworkError(method, (failure as NetworkError).code)) {
            attempt++;
            await pauseFor(retry, config, signal, {
              method,
              url: url.href,
              attempt,
              delayMs: backoffMs(attempt, retry),
              reason: failure.message,
            });
            continue;
          }
          throw failure;
        } finally {
          deadlines.finish(deadline);
          if (forward) signal.removeEventListener("abort", forward);
        }
        limiter?.observe(method, url, response.headers);
        const { status } = response;

        if (response.type === "opaqueredirect" || REDIRECTS.has(status)) {
          const location = response.headers.get("location");
          const next = location ? new URL(location, url.href) : undefined;
          if (next?.origin !== config.origin || ++hops > 5) {
            throw new SecurityError(
              next
                ? `refused a redirect to ${next.origin}${next.pathname}: credentials are only sent to ${config.origin}, at most 5 redirects`
                : `refused a redirect (status ${status}) that does not say where to`,
              factsOf(method, url, response),
            );
          }
          url = next;
          // As browsers and the Fetch standard do: a 303 is fetched with GET (the POST was done,
          // here is its answer), and so are a POST's 301 and 302; the body is not sent again.
          // 307 and 308 repeat the method and the body.
          if (status === 303 ? method !== "GET" && method !== "HEAD" : status <= 302 && method === "POST") {
            method = "GET";
            body = null;
            delete headers["content-type"];
            delete headers["content-length"];
          }
          continue;
        }

        // A 401 is an expired or revoked token, refused before anything was done (a POST too):
        // one fresh token from the provider, one more try, never more.
        if (status === 401 && provider && !refreshed) {
          refreshed = true;
          const fresh = await untilAborted(
            providedHeader(provider, true, redact.remember, String(authorization).replace(/^Bearer /, "")),
            listen ? signal : undefined,
          );
          if (fresh !== authorization) {
            authorization = fresh;
            headers.authorization = fresh;
            continue;
          }
        }

        if (attempt < retries && canRetryStatus(method, status)) {
          const waitMs =
            status === 429 ? parseRetryAfter(response.headers.get("retry-after"), config.clock.now()) : undefined;
          if (waitMs !== undefined) {
            if (waitMs > maxRetryAfterMs) {
              throw new RateLimitError(
                `${method} ${url.pathname} was rate limited for ${Math.ceil(waitMs / 1000)} s, longer than retry.maxRetryAfterMs (${maxRetryAfterMs} ms)`,
                { ...factsOf(method, url, response), retryAfterMs: waitMs },
              );
            }
            // Every request to the same budget waits too, not only this one.
            limiter?.refused(method, url, waitMs);
          }
          attempt++;
          await pauseFor(retry, config, signal, {
            method,
            url: url.href,
            attempt,
            delayMs: waitMs ?? backoffMs(attempt, retry),
            reason: `status ${status}`,
          });
          continue;
        }

        return buffered(method, url.href, response, read, redact);
      }
    } catch (error) {
      throw scrub(error, redact);
    }
  };
}

/**
 * The body, whole: JSON (always UTF-8) as text, anything else as bytes. Past `maxBytes` it is a
 * ResponseTooLargeError, before reading when the length is declared, otherwise as soon as the
 * bytes read pass it (the rest is never read: a server cannot fill the memory). A body of declared
 * length and no encoding is read by the runtime in one go (it stops at the declared length); one
 * that is compressed or of unknown length is counted as it comes.
 */
async function readBody(
  response: Response,
  maxBytes: number,
  facts: () => Record<string, unknown>,
): Promise<ArrayBuffer | string> {
  const json = response.headers.get("content-type")?.includes("json") === true;
  const declared = response.headers.get("content-length");
  const tooLarge = (bytes: number, known: boolean) =>
    new ResponseTooLargeError(
      `the answer's body is ${known ? "" : "more than "}${bytes} bytes, over maxResponseBytes (${maxBytes})`,
      { ...facts(), maxResponseBytes: maxBytes },
    );
  if (declared !== null && Number(declared) > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(Number(declared), true);
  }
  if (declared !== null && !response.headers.has("content-encoding") && response.body)
    return json ? response.text() : response.arrayBuffer();
  if (!response.body) return json ? "" : new ArrayBuffer(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes, false);
    }
    chunks.push(value);
  }
  const whole = new Blob(chunks as BlobPart[]);
  return json ? whole.text() : whole.arrayBuffer();
}

/**
 * The answer as a Response over the bytes already read: decoded (no content-encoding any more), its
 * length known, its `url` the one answered after redirects. openapi-fetch reads a body of known
 * length with `json()`; this one's throws a ResponseError that names the request and shows the
 * start of the body, scrubbed, where the runtime's SyntaxError would quote the body as it is.
 *
 * Built without a body stream (a Response over bytes builds one that nobody reads, the largest
 * cost of a request here): the reading methods serve the bytes, `body` makes a stream only when
 * asked for, and `clone()` gives another view of the same bytes. The headers are the answer's own
 * unless they need the length set or the encoding removed.
 */
function buffered(
  method: string,
  url: string,
  response: Response,
  body: ArrayBuffer | string,
  redact: Redact,
): Response {
  const { status, statusText } = response;
  const empty = NO_BODY.has(status);
  let headers = response.headers;
  const given = headers.get("content-length");
  const coded = headers.has("content-encoding") || headers.has("transfer-encoding");
  // Text that came with its length and no encoding keeps it (the runtime read exactly that many
  // bytes); otherwise the length is counted.
  const length = empty
    ? "0"
    : typeof body !== "string"
      ? String(body.byteLength)
      : given !== null && !coded
        ? given
        : String(utf8Out.encode(body).byteLength);
  if (given !== length || coded) {
    headers = new Headers(headers);
    headers.delete("content-encoding");
    headers.delete("transfer-encoding");
    headers.set("content-length", length);
  }
  return new BufferedResponse({
    method,
    url,
    status,
    statusText,
    headers,
    body: empty ? "" : body,
    redact,
  }) as unknown as Response;
}

/** The statuses whose answer has no body. */
const NO_BODY = new Set([204, 205, 304]);

interface Buffered {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  /** JSON as text, anything else as bytes. */
  body: ArrayBuffer | string;
  redact: Redact;
}

/**
 * A Response whose body was read already. Not made by Response's constructor (which builds state
 * this one never uses, a tenth of the client's own cost): its prototype is Response's, so
 * `instanceof Response` holds, and it answers every member a Response has from what was read.
 */
class BufferedResponse {
  readonly #answer: Buffered;
  #text: string | undefined;
  #used = false;

  constructor(answer: Buffered) {
    this.#answer = answer;
  }

  get status(): number {
    return this.#answer.status;
  }
  get statusText(): string {
    return this.#answer.statusText;
  }
  get ok(): boolean {
    return this.#answer.status >= 200 && this.#answer.status < 300;
  }
  get headers(): Headers {
    return this.#answer.headers;
  }
  get url(): string {
    return this.#answer.url;
  }
  get type(): ResponseType {
    return "default";
  }
  get redirected(): boolean {
    return false;
  }
  get bodyUsed(): boolean {
    return this.#used;
  }
  /** A stream only for a reader who asks for one (parseAs: "stream", a middleware). */
  get body(): ReadableStream<Uint8Array> | null {
    return NO_BODY.has(this.#answer.status) ? null : new Response(this.#copy()).body;
  }

  #unread(): void {
    if (this.#used) throw new TypeError(`the body of ${this.#answer.method} ${this.#answer.url} was already read`);
  }

  #take(): void {
    this.#unread();
    this.#used = true;
  }

  /** The bytes, copied: what one reader does to its copy changes no other. */
  #copy(): ArrayBuffer {
    const { body } = this.#answer;
    return typeof body === "string" ? utf8Out.encode(body).buffer : body.slice(0);
  }

  #decoded(): string {
    const { body } = this.#answer;
    if (typeof body === "string") return body;
    this.#text ??= utf8.decode(body);
    return this.#text;
  }

  async json(): Promise<unknown> {
    this.#take();
    const { method, redact } = this.#answer;
    try {
      return parseJson(method, this as unknown as Response, this.#decoded());
    } catch (failure) {
      throw scrub(failure, redact);
    }
  }

  async text(): Promise<string> {
    this.#take();
    return this.#decoded();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.#take();
    return this.#copy();
  }

  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    this.#take();
    return new Uint8Array(this.#copy());
  }

  async blob(): Promise<Blob> {
    this.#take();
    return new Blob([this.#copy()], { type: this.#answer.headers.get("content-type") ?? "" });
  }

  async formData(): Promise<FormData> {
    this.#take();
    return new Response(this.#copy(), { headers: this.#answer.headers }).formData();
  }

  clone(): Response {
    this.#unread();
    return new BufferedResponse(this.#answer) as unknown as Response;
  }
}
Object.setPrototypeOf(BufferedResponse.prototype, Response.prototype);

/** Headers.forEach's callback, with the record as `this`: no closure per request. */
function copyHeader(this: Record<string, string>, value: string, name: string): void {
  this[name] = value;
}

/** What an error says of the request: method, URL, and the answer's status and request id. */
function factsOf(method: string, url: Target, response?: Response) {
  return {
    method,
    url: url.href,
    status: response?.status,
    requestId: response?.headers.get("x-zendesk-request-id") ?? undefined,
  };
}

/** A reset time as a person reads it; a time past what a Date holds is said as such. */
const resetAt = (ms: number) =>
  Number.isFinite(new Date(ms).getTime()) ? new Date(ms).toISOString() : "a time past the year 275760";

/** The promise, or the signal's own reason as soon as the caller aborts (a token provider that never settles). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Tells onRetry, then waits (on the client's clock, ending early if the caller aborts). */
async function pauseFor(retry: RetryOptions, config: ResolvedOptions, signal: AbortSignal, info: RetryInfo) {
  retry.onRetry?.(info);
  await config.clock.sleep(info.delayMs, signal);
}

function toNetworkError(error: unknown, facts: object & { method: string; url: string }): SideconvoError {
  if (error instanceof SideconvoError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  // undici puts the system error in `cause`: { code: "ECONNREFUSED", message: ... }.
  const inner = (cause.cause ?? cause) as { code?: unknown; message?: unknown };
  const code = typeof inner.code === "string" ? inner.code : undefined;
  return new NetworkError(
    `${facts.method} ${facts.url} failed: ${inner.message || cause.message}`,
    { ...facts, code },
    cause,
  );
}
