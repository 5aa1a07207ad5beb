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
import { NetworkError, RateLimitError, SecurityError, SideconvoError, TimeoutError } from "./errors.js";
import { type ClientOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { createRateLimiter } from "./rate-limit.js";
import { createRedactor, type Redact, scrub } from "./redact.js";
import { parseJson } from "./results.js";
import { backoffMs, canRetryNetworkError, canRetryStatus, parseRetryAfter } from "./retry.js";
import { sleep } from "./sleep.js";

const utf8 = new TextDecoder();

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
  const config = resolveOptions(options);
  const redact = createRedactor(config.auth.secrets);
  const limiter = config.rateLimit ? createRateLimiter(config.rateLimit) : undefined;
  return { config, redact, fetch: createPolicyFetch(config, limiter, redact) };
}

type RateLimiter = ReturnType<typeof createRateLimiter>;

export function createPolicyFetch(
  config: ResolvedOptions,
  limiter: RateLimiter | undefined,
  redact: ReturnType<typeof createRedactor>,
): SideconvoFetch {
  const { provider } = config.auth;
  const retry = config.retry || { retries: 0 };
  const { retries = 4, maxRetryAfterMs = 600_000 } = retry;

  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const { method, signal } = request;
    let url = new URL(request.url);
    const facts = (response?: Response) => ({
      method,
      url: url.href,
      status: response?.status,
      requestId: response?.headers.get("x-zendesk-request-id") ?? undefined,
    });
    const pause = async (attempt: number, delayMs: number, reason: string) => {
      retry.onRetry?.({ method, url: url.href, attempt, delayMs, reason });
      await sleep(delayMs, signal);
    };
    try {
      const headers = new Headers(request.headers);
      headers.set("accept", "application/json");
      headers.set("user-agent", config.userAgent);
      // Compared as parsed origins, never as string prefixes: https://acme.zendesk.com.evil.com
      // and https://acme.zendesk.com@evil.com both start with the configured origin. Redirects are
      // checked the same way below.
      if (url.origin !== config.origin) {
        throw new SecurityError(
          `refused to send credentials to ${url.origin}; this client only talks to ${config.origin}`,
          facts(),
        );
      }
      // Asked for only once the origin is known to be ours; a fixed token is the same every time.
      let authorization = provider ? await providedHeader(provider, false, redact.remember) : config.auth.header;
      headers.set("authorization", authorization as string);
      // Read once, and sent again as it is on a retry, a redirect or with a fresh token.
      const body = request.body ? await request.arrayBuffer() : null;

      for (let attempt = 0, hops = 0, refreshed = false; ; ) {
        await limiter?.acquire(method, url, signal);
        const timeout = AbortSignal.timeout(config.timeoutMs);
        let response: Response;
        let bytes: ArrayBuffer;
        try {
          response = await config.fetch(url.href, {
            method,
            headers,
            body,
            redirect: "manual",
            signal: AbortSignal.any([signal, timeout]),
          });
          bytes = await response.arrayBuffer();
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          const failure = timeout.aborted
            ? new TimeoutError(`${method} ${url.href} got no complete answer within ${config.timeoutMs} ms`, {
                ...facts(),
                timeoutMs: config.timeoutMs,
              })
            : toNetworkError(error, facts());
          if (attempt < retries && canRetryNetworkError(method, (failure as NetworkError).code)) {
            await pause(++attempt, backoffMs(attempt, retry), failure.message);
            continue;
          }
          throw failure;
        }
        limiter?.observe(method, url, response.headers);
        const { status } = response;

        if (response.type === "opaqueredirect" || REDIRECTS.has(status)) {
          const location = response.headers.get("location");
          const next = location ? new URL(location, url) : undefined;
          if (next?.origin !== config.origin || ++hops > 5) {
            throw new SecurityError(
              next
                ? `refused a redirect to ${next.origin}${next.pathname}: credentials are only sent to ${config.origin}, at most 5 redirects`
                : `refused a redirect (status ${status}) that does not say where to`,
              facts(response),
            );
          }
          url = next;
          continue;
        }

        // A 401 is an expired or revoked token, refused before anything was done (a POST too):
        // one fresh token from the provider, one more try, never more.
        if (status === 401 && provider && !refreshed) {
          refreshed = true;
          const fresh = await providedHeader(provider, true, redact.remember);
          if (fresh !== authorization) {
            authorization = fresh;
            headers.set("authorization", fresh);
            continue;
          }
        }

        if (attempt < retries && canRetryStatus(method, status)) {
          const waitMs = status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
          if (waitMs !== undefined) {
            if (waitMs > maxRetryAfterMs) {
              throw new RateLimitError(
                `${method} ${url.pathname} was rate limited for ${Math.ceil(waitMs / 1000)} s, longer than retry.maxRetryAfterMs (${maxRetryAfterMs} ms)`,
                { ...facts(response), retryAfterMs: waitMs },
              );
            }
            // Every request to the same budget waits too, not only this one.
            limiter?.refused(method, url, waitMs);
          }
          await pause(++attempt, waitMs ?? backoffMs(attempt, retry), `status ${status}`);
          continue;
        }

        return buffered(method, url.href, response, bytes, redact);
      }
    } catch (error) {
      throw scrub(error, redact);
    }
  };
}

/**
 * The answer as a Response over the bytes already read: decoded (no content-encoding any more), its
 * length known, its `url` the one answered after redirects. openapi-fetch reads a body of known
 * length with `json()`; this one's throws a ResponseError that names the request and shows the
 * start of the body, scrubbed, where the runtime's SyntaxError would quote the body as it is.
 */
function buffered(method: string, url: string, response: Response, bytes: ArrayBuffer, redact: Redact): Response {
  const { status, statusText } = response;
  const empty = status === 204 || status === 205 || status === 304;
  // The constructor copies the headers: adjust the copy, not the original.
  const answer = new Response(empty ? null : bytes, { status, statusText, headers: response.headers });
  answer.headers.delete("content-encoding");
  answer.headers.delete("transfer-encoding");
  answer.headers.set("content-length", String(empty ? 0 : bytes.byteLength));
  const json = async () => {
    try {
      return parseJson(method, answer, utf8.decode(bytes));
    } catch (failure) {
      throw scrub(failure, redact);
    }
  };
  Object.defineProperties(answer, { url: { value: url }, json: { value: json } });
  return answer;
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
