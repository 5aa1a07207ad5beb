// Keeps credentials out of everything the client throws or reports. The client knows its own
// secrets (token, password, the Authorization value and its base64 parts) and replaces any
// occurrence of them with [REDACTED], in messages, in causes, and in every string field.
export type Redact = (value: string) => string;

/**
 * A redactor of the given secrets; `remember` adds one learnt later (a token from a provider),
 * longest first as always, so that no shorter secret splits a longer one.
 */
export function createRedactor(secrets: string[]): Redact & { remember: (secret: string) => void } {
  let needles: string[] = [];
  const remember = (...more: string[]) => {
    const added = more.filter((secret) => secret.length >= 4 && !needles.includes(secret));
    if (added.length) needles = [...needles, ...added].sort((a, b) => b.length - a.length);
  };
  remember(...secrets);
  const redact: Redact = (value) => needles.reduce((text, needle) => text.split(needle).join("[REDACTED]"), value);
  return Object.assign(redact, { remember: (secret: string) => remember(secret) });
}

/** Removes every secret from an error (message, stack, string fields, cause), in place. */
export function scrub(error: unknown, redact: Redact): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === "AbortError") return error; // the caller's own abort reason, passed through
  const record = error as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) if (typeof value === "string") record[key] = redact(value);
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  if (error.cause instanceof Error) {
    // Keep what helps (name, message, system code), drop anything else the runtime attached.
    const cause = error.cause as Error & { code?: unknown };
    const clean = new Error(redact(cause.message));
    clean.name = cause.name;
    if (typeof cause.code === "string") Object.assign(clean, { code: cause.code });
    Object.defineProperty(error, "cause", { value: clean, enumerable: false, configurable: true, writable: true });
  }
  return error;
}
