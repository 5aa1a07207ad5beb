// From an answer to the caller's result, or to a typed error.
import { ApiError, describe, RateLimitError, ResponseError } from "./errors.js";
import { parseRetryAfter } from "./retry.js";

/** What every error about an answer carries, and the "GET /path answered 404" that starts its message. */
function facts(method: string, { url, status, headers }: Response) {
  return {
    method,
    url,
    status,
    requestId: headers.get("x-zendesk-request-id") ?? undefined,
    where: `${method} ${URL.canParse(url) ? new URL(url).pathname : url} answered ${status}`,
  };
}

/** The typed error for a non-2xx answer; `body` is its JSON, or its text (an HTML page is named by its title). */
export function toApiError(method: string, response: Response, body: unknown, now = Date.now()): ApiError {
  const { where, ...known } = facts(method, response);
  return response.status === 429
    ? new RateLimitError(
        where,
        { ...known, retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now) },
        body,
      )
    : new ApiError(where, known, body);
}

/** The JSON of a 2xx body; an empty or non-JSON body is a ResponseError. */
export function parseJson(method: string, response: Response, body: string): unknown {
  if (!body) throw emptyBody(method, response);
  try {
    return JSON.parse(body);
  } catch {
    // The facts only for the error: every answer passes here, and most parse.
    const { where, ...known } = facts(method, response);
    throw new ResponseError(`${where} with a body that is not JSON: ${describe(body.slice(0, 80))}`, known);
  }
}

export function emptyBody(method: string, response: Response): ResponseError {
  const { where, ...known } = facts(method, response);
  return new ResponseError(`${where} with an empty body where JSON was expected`, known);
}

/** The records of a page; a page without its array is a ResponseError, not a crash later. */
export function records<T>(method: string, response: Response, page: unknown, list: T[] | undefined, key: string): T[] {
  if (Array.isArray(list)) return list;
  const { where, ...known } = facts(method, response);
  throw new ResponseError(`${where} without a "${key}" array: ${describe(page)}`, known);
}
