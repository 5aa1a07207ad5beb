// From a buffered response to the caller's result, or to a typed error.
import { ApiError, describe, RateLimitError, ResponseError } from "./errors.js";
import { parseRetryAfter } from "./retry.js";
import { sent } from "./transport.js";

function facts(response: Response) {
  const request = sent.get(response);
  return {
    method: request?.method,
    url: request?.url,
    status: response.status,
    requestId: response.headers.get("x-zendesk-request-id") ?? undefined,
    where: `${request?.method} ${request ? new URL(request.url).pathname : "?"} answered ${response.status}`,
  };
}

/** The typed error for a non-2xx answer; `body` is the parsed JSON or the raw text. */
export function toApiError(response: Response, body: unknown): ApiError {
  const { where, ...known } = facts(response);
  return response.status === 429
    ? new RateLimitError(where, { ...known, retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) }, body)
    : new ApiError(where, known, body);
}

/** The JSON body of a 2xx answer; an empty or non-JSON body is a ResponseError. */
export function parseJson<T>(response: Response, text: unknown): T {
  const { where, ...known } = facts(response);
  try {
    if (typeof text === "string" && text) return JSON.parse(text) as T;
  } catch {
    throw new ResponseError(`${where} with a body that is not JSON: ${describe(String(text).slice(0, 80))}`, known);
  }
  throw new ResponseError(`${where} with an empty body where JSON was expected`, known);
}

/** The records of a page; a page without its array is a ResponseError, not a crash later. */
export function records<T>(response: Response, page: unknown, key: string): T[] {
  const value = (page as Record<string, unknown> | null)?.[key];
  if (Array.isArray(value)) return value;
  const { where, ...known } = facts(response);
  throw new ResponseError(`${where} without a "${key}" array: ${describe(page)}`, known);
}
