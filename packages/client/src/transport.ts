// The one fetch every request goes through: zd.GET/POST/PUT, the helpers, and the iterators
// following next-page links. Per request, in order: refuse any origin but the configured
// one, add credentials, wait for the rate-limit budgets, send with a timeout, buffer the body (so a
// body cut off midway is a network error, retried like one), follow same-origin redirects only,
// and retry what retry.ts allows. Whatever it throws is scrubbed of secrets.
import { NetworkError, RateLimitError, SecurityError, SideconvoError, TimeoutError } from "./errors.js";
import type { ResolvedOptions } from "./options.js";
import type { RateLimiter } from "./rate-limit.js";
import { type Redact, scrub } from "./redact.js";
import { backoffMs, canRetryNetworkError, canRetryStatus, parseRetryAfter } from "./retry.js";
import { sleep } from "./sleep.js";

/** A final answer, its body read whole: the request it answered (after redirects) and the bytes. */
export interface Answer {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  bytes: ArrayBuffer;
}

/** Sends one request; `body` is sent again as it is on a retry or redirect (a string or FormData). */
export type Transport = (
  method: string,
  href: string,
  body?: BodyInit | null,
  signal?: AbortSignal | null,
  extraHeaders?: HeadersInit,
) => Promise<Answer>;

export function createTransport(config: ResolvedOptions, limiter: RateLimiter | undefined, redact: Redact): Transport {
  const retry = config.retry || { retries: 0 };
  const { retries = 4, maxRetryAfterMs = 600_000 } = retry;

  return async (method, href, body = null, signal, extraHeaders) => {
    let url = new URL(href);
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
      const headers = new Headers(extraHeaders);
      // A JSON body says so; FormData makes fetch write its own multipart type and boundary.
      if (typeof body === "string" && !headers.has("content-type")) headers.set("content-type", "application/json");
      headers.set("authorization", config.auth.header);
      headers.set("accept", "application/json");
      headers.set("user-agent", config.userAgent);

      for (let attempt = 0, hops = 0; ; ) {
        if (url.origin !== config.origin) {
          throw new SecurityError(
            `refused to send credentials to ${url.origin}; this client only talks to ${config.origin}`,
            facts(),
          );
        }
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
            // AbortSignal.any costs a listener set per call: only when there are two signals.
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          });
          bytes = await response.arrayBuffer();
        } catch (error) {
          if (signal?.aborted) throw signal.reason;
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

        if (response.type === "opaqueredirect" || (status > 299 && status < 400)) {
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

        if (attempt < retries && canRetryStatus(method, status)) {
          const waitMs = status === 429 ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
          if (waitMs !== undefined) {
            if (waitMs > maxRetryAfterMs) {
              throw new RateLimitError(
                `${method} ${url.pathname} was rate limited for ${Math.ceil(waitMs / 1000)} s, longer than retry.maxRetryAfterMs (${maxRetryAfterMs} ms)`,
                { ...facts(response), retryAfterMs: waitMs },
              );
            }
            limiter?.refused(method, url, waitMs);
          }
          await pause(++attempt, waitMs ?? backoffMs(attempt, retry), `status ${status}`);
          continue;
        }

        return { method, url: url.href, status, statusText: response.statusText, headers: response.headers, bytes };
      }
    } catch (error) {
      throw scrub(error, redact);
    }
  };
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
