// When to try a request again, and how long to wait first.
//
// GET and PUT are idempotent: they are retried on network errors, timeouts and 429/500/502/503/504.
// POST (create, reply, imports, upload) is retried only where the server cannot have acted: on a
// 429 (refused before acting) or a connection that never opened. A POST whose connection broke
// after it was sent is never repeated: a second side conversation or reply would be a duplicate.

export interface RetryOptions {
  /** How many times to try again after the first attempt. Default 4. */
  retries?: number | undefined;
  /** The first backoff's ceiling; each retry doubles it (full jitter). Default 500 ms. */
  minDelayMs?: number | undefined;
  /** The largest backoff. Default 30 000 ms. */
  maxDelayMs?: number | undefined;
  /** A Retry-After longer than this is not waited out: a RateLimitError is thrown. Default 600 000 ms. */
  maxRetryAfterMs?: number | undefined;
  /** Called before each retry, with why and how long it waits. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

export interface RetryInfo {
  method: string;
  url: string;
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  reason: string;
}

// Codes that mean no connection was made, so nothing reached the server.
const NEVER_CONNECTED = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

export const isIdempotent = (method: string): boolean => method === "GET" || method === "PUT" || method === "HEAD";

export const canRetryStatus = (method: string, status: number): boolean =>
  status === 429 || (isIdempotent(method) && (status === 500 || status === 502 || status === 503 || status === 504));

export const canRetryNetworkError = (method: string, code?: string): boolean =>
  isIdempotent(method) || NEVER_CONNECTED.test(code ?? "");

/** Exponential backoff with full jitter: a random wait from 0 to min(max, min·2^(attempt-1)). */
export const backoffMs = (
  attempt: number,
  { minDelayMs = 500, maxDelayMs = 30_000 }: RetryOptions,
  random = Math.random,
) => Math.round(random() * Math.min(maxDelayMs, minDelayMs * 2 ** (attempt - 1)));

/** Retry-After in ms, from seconds or an HTTP date; undefined when missing or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? "";
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Only an HTTP date (it has a weekday or month name): Date.parse alone would read "-5" as a year.
  const date = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
