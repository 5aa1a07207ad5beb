// From a final answer to the caller's result, or to a typed error.
import { ApiError, describe, RateLimitError, ResponseError } from "./errors.js";
import { parseRetryAfter } from "./retry.js";
import type { Answer } from "./transport.js";

function facts({ method, url, status, headers }: Answer) {
  return {
    method,
    url,
    status,
    requestId: headers.get("x-zendesk-request-id") ?? undefined,
    where: `${method} ${new URL(url).pathname} answered ${status}`,
  };
}

export const text = (answer: Answer) => new TextDecoder().decode(answer.bytes);

/** The body of an error answer: its JSON, or the text itself (ApiError names an HTML page by its title). */
export function errorBody(answer: Answer): unknown {
  const body = text(answer);
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** The typed error for a non-2xx answer. */
export function toApiError(answer: Answer): ApiError {
  const { where, ...known } = facts(answer);
  const body = errorBody(answer);
  return answer.status === 429
    ? new RateLimitError(where, { ...known, retryAfterMs: parseRetryAfter(answer.headers.get("retry-after")) }, body)
    : new ApiError(where, known, body);
}

/** The JSON body of a 2xx answer; an empty or non-JSON body is a ResponseError. */
export function parseJson<T>(answer: Answer): T {
  const body = text(answer);
  const { where, ...known } = facts(answer);
  try {
    if (body) return JSON.parse(body) as T;
  } catch {
    throw new ResponseError(`${where} with a body that is not JSON: ${describe(body.slice(0, 80))}`, known);
  }
  throw new ResponseError(`${where} with an empty body where JSON was expected`, known);
}

/** The records of a page; a page without its array is a ResponseError, not a crash later. */
export function records<T>(answer: Answer, page: unknown, key: string): T[] {
  const value = (page as Record<string, unknown> | null)?.[key];
  if (Array.isArray(value)) return value;
  const { where, ...known } = facts(answer);
  throw new ResponseError(`${where} without a "${key}" array: ${describe(page)}`, known);
}
