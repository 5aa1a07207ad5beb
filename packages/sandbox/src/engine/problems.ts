// Every answer the sandbox refuses with, in one place, in the vendor's shapes: 401 "Couldn't
// authenticate you", 404 RecordNotFound, 400 with an `error` object for a request that breaks the
// spec's rules (the vendor documents 400 for an invalid payload), 422 RecordInvalid for a value the
// API refuses beyond the spec (an unknown attachment id), both with `details` by field, 429
// APIRateLimitExceeded. Refusals of the spec's rules also carry Prism's `sl-violations` header, so
// a test that reads it works against the sandbox as against the mock.

export interface Violation {
  /** Where, as Prism writes it: ["request", "body", "message", "to", "0"]. */
  location: string[];
  code: string;
  message: string;
}

/** A refusal: thrown by handlers, answered by the engine. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly violations: Violation[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.description ?? (body.error as { message?: string })?.message ?? body.error));
  }
}

export const unauthenticated = () => new Refusal(401, { error: "Couldn't authenticate you" });

export const notFound = (description: string) => new Refusal(404, { error: "RecordNotFound", description });

/** A request the API takes as malformed (a bad JSON body, a cursor it never gave). */
export const badRequest = (title: string, message: string, violations: Violation[] = []) =>
  new Refusal(400, { error: { title, message } }, violations);

/** The violations by field, as the vendor's `details` object writes them. */
function detailsOf(violations: Violation[]): Record<string, { description: string; error: string }[]> {
  const details: Record<string, { description: string; error: string }[]> = {};
  for (const { location, message } of violations) {
    const field = fieldName(location.slice(2)) || location[1] || "request";
    details[field] ??= [];
    details[field].push({ description: message, error: "InvalidValue" });
  }
  return details;
}

/**
 * A request that breaks the spec's rules: 400, as the vendor documents for an invalid payload,
 * every violation in one sentence each, by field in `details`, and in `sl-violations` as Prism
 * reports them.
 */
export const breaksTheSpec = (violations: Violation[]): Refusal =>
  new Refusal(
    400,
    {
      error: { title: "Invalid request", message: violations.map((v) => v.message).join("; ") },
      details: detailsOf(violations),
    },
    violations,
  );

/** A body field the API checks beyond the schema (an unknown attachment id): 422 RecordInvalid naming it. */
export const invalidField = (path: string[], message: string, code = "invalid") =>
  new Refusal(422, {
    error: "RecordInvalid",
    description: "Record validation errors",
    details: detailsOf([{ location: ["request", "body", ...path], code, message }]),
  });

export const tooLarge = (message: string) => new Refusal(413, { error: { title: "Request too large", message } });

export const rateLimited = (description: string, retryAfter: number) =>
  new Refusal(429, { error: "APIRateLimitExceeded", description }, [], { "retry-after": String(retryAfter) });

/** A fault on demand: a 500 or 503 that did nothing. */
export const fault = (status: number, rate: number) =>
  new Refusal(status, {
    error: { title: "Sandbox fault", message: `a ${status} answer on demand (faults.rate ${rate})` },
  });

/** `message.to[0].email` for ["message", "to", "0", "email"]. */
export function fieldName(path: string[]): string {
  return path.reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), "");
}

export function violationsHeader(violations: Violation[]): string {
  return asciiJson(violations.map(({ location, code, message }) => ({ location, severity: "Error", code, message })));
}

/** Every character a header value cannot carry (outside tab and U+0020 to U+007E) as \\uXXXX. */
const escapeForHeader = (text: string) =>
  text.replace(/[^\t\u0020-\u007e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** JSON in ASCII only: the same value (JSON.stringify already escapes control characters), and always a valid header. */
const asciiJson = (value: unknown) => escapeForHeader(JSON.stringify(value));

/** Header values as HTTP carries them: a character a header cannot hold is escaped, never thrown on. */
export function safeHeaders(headers: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(headers)) headers[name] = escapeForHeader(value);
  return headers;
}
