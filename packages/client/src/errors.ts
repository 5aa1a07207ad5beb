// Typed errors. Every error the client throws is a SideconvoError; the subclass says what went
// wrong, and its fields carry what a caller acts on. None holds a credential: the transport and
// the client scrub every error (redact.ts) before it leaves them.

export interface ErrorFacts {
  method?: string | undefined;
  url?: string | undefined;
  status?: number | undefined;
  requestId?: string | undefined;
}

export class SideconvoError extends Error {
  declare readonly method?: string;
  declare readonly url?: string;

  constructor(message: string, facts?: object, cause?: unknown) {
    super(message, cause ? { cause } : undefined);
    Object.assign(this, facts);
  }

  /** Name, message and facts; never the cause or the stack. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}

/** An argument, option or request body was refused before anything was sent. */
export class ValidationError extends SideconvoError {
  declare readonly field: string;
  declare readonly value: unknown;

  constructor(field: string, value: unknown, problem: string) {
    super(`${field} ${problem} (got ${describe(value)})`, { field, value });
  }
}

/** The server answered with an error status. */
export class ApiError extends SideconvoError {
  declare readonly status: number;
  declare readonly requestId?: string;
  /** The vendor's error code (`RecordNotFound`) or title. */
  declare readonly code?: string;
  declare readonly description?: string;
  declare readonly details?: unknown;

  constructor(message: string, facts: ErrorFacts & { retryAfterMs?: number | undefined }, body?: unknown) {
    const vendor = vendorError(body);
    super(
      message +
        (vendor.code ? `: ${vendor.code}` : "") +
        (vendor.description ? ` (${vendor.description})` : "") +
        (facts.requestId ? ` [request id ${facts.requestId}]` : ""),
      { ...facts, ...vendor },
    );
  }
}

/** A 429 the client did not, or could no longer, wait out. */
export class RateLimitError extends ApiError {
  /** How long the server asked to wait, when it said. */
  declare readonly retryAfterMs?: number;
}

/** A 2xx whose body is not what the API sends: empty, or not JSON, or missing its records. */
export class ResponseError extends SideconvoError {
  declare readonly status?: number;
  declare readonly requestId?: string;
}

/** An answer's body larger than `maxResponseBytes`: not read further, not retried. */
export class ResponseTooLargeError extends ResponseError {
  declare readonly maxResponseBytes: number;
}

/** An attempt took longer than `timeoutMs`. */
export class TimeoutError extends SideconvoError {
  declare readonly timeoutMs: number;
}

/** The connection failed: refused, reset, cut off mid-body, name not found. */
export class NetworkError extends SideconvoError {
  /** The system error code, such as ECONNREFUSED, when the runtime tells it. */
  declare readonly code?: string;
}

/** The client refused to send credentials anywhere but the configured origin. */
export class SecurityError extends SideconvoError {}

/** The `auth.oauthToken` provider threw, or gave something that is not a token. */
export class AuthError extends SideconvoError {}

/**
 * Paging could not go on without reading a page twice: a next-page link that leads back to a page
 * already read (A → B → A), a page that repeats the one before it, or a cursor that did not move.
 * Never a quiet end: the records before it were delivered, the rest were not.
 */
export class PaginationError extends ResponseError {
  /** `loop`, `repeat` or `cursor` (and `stall` for the export). */
  declare readonly kind: "loop" | "repeat" | "cursor" | "stall";
  /** How many pages were read, the one that failed included. */
  declare readonly pages: number;
  /** How many records were delivered before the error. */
  declare readonly delivered: number;
}

/** Where an export stood when it stalled; the same shape as the export's checkpoint. */
export interface StalledCheckpoint {
  startTime: number;
  seen: string[];
  skipped?: { second: number; delivered: number }[];
}

/**
 * The incremental export cannot move past one second: more events share it than fit on a page, so
 * every read from that second returns the same full page. Thrown instead of ending as if caught up.
 */
export class ExportStalledError extends PaginationError {
  /** The stuck second, in Unix seconds. */
  declare readonly second: number;
  /** How many events of that second were delivered (the rest of it were not). */
  declare readonly deliveredInSecond: number;
  /** Where to resume from: the export's checkpoint as it stood (`{ onStall: "skip" }` goes past the second). */
  declare readonly checkpoint: StalledCheckpoint;
}

for (const [type, name] of [
  [SideconvoError, "SideconvoError"],
  [ValidationError, "ValidationError"],
  [ApiError, "ApiError"],
  [RateLimitError, "RateLimitError"],
  [ResponseError, "ResponseError"],
  [ResponseTooLargeError, "ResponseTooLargeError"],
  [TimeoutError, "TimeoutError"],
  [NetworkError, "NetworkError"],
  [SecurityError, "SecurityError"],
  [AuthError, "AuthError"],
  [PaginationError, "PaginationError"],
  [ExportStalledError, "ExportStalledError"],
] as const) {
  type.prototype.name = name;
}

function vendorError(body: unknown): Record<string, unknown> {
  if (typeof body === "string") {
    // An HTML error page from a proxy says more in its title than in its markup.
    const html = /^\s*</.test(body);
    const title = html && /<title[^>]*>([^<]+)/i.exec(body)?.[1];
    return { description: title ? `an HTML page titled "${clip(title)}"` : html ? "an HTML page" : clip(body) };
  }
  const { error, description, details } = (body ?? {}) as Record<string, unknown>;
  const nested = (error && typeof error === "object" ? error : {}) as Record<string, unknown>;
  return { code: clip(nested.title ?? error), description: clip(nested.message ?? description), details };
}

/** Text squeezed to one line of at most 200 characters; anything else is undefined. */
function clip(value: unknown): string | undefined {
  const flat = typeof value === "string" ? value.replace(/\s+/g, " ").trim() : "";
  return flat ? (flat.length > 200 ? `${flat.slice(0, 200)}…` : flat) : undefined;
}

/** A short, safe rendering of a value for an error message. */
export function describe(value: unknown): string {
  try {
    const json = JSON.stringify(value) ?? String(value);
    return json.length > 100 ? `${json.slice(0, 100)}…` : json;
  } catch {
    return Object.prototype.toString.call(value); // a BigInt, a cycle
  }
}
