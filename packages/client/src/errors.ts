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

for (const [type, name] of [
  [SideconvoError, "SideconvoError"],
  [ValidationError, "ValidationError"],
  [ApiError, "ApiError"],
  [RateLimitError, "RateLimitError"],
  [ResponseError, "ResponseError"],
  [TimeoutError, "TimeoutError"],
  [NetworkError, "NetworkError"],
  [SecurityError, "SecurityError"],
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
