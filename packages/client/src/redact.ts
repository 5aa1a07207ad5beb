// Keeps credentials out of everything the client throws or reports. The client knows its own
// secrets (token, password, the Authorization value and its base64 parts) and replaces any
// occurrence of them with [REDACTED], in messages, in causes, and in every string field.
export type Redact = (value: string) => string;

/** Tokens learnt from a provider that are kept to redact: a provider that gives a new token per request would otherwise grow the list, and each redaction, without end. */
const LEARNT_KEPT = 64;

/**
 * A redactor of the given secrets; `remember` adds one learnt later (a token from a provider),
 * longest first as always, so that no shorter secret splits a longer one. The given secrets are
 * kept for good; of the learnt ones, the latest LEARNT_KEPT (older tokens have expired or rotated).
 */
export function createRedactor(secrets: string[]): Redact & { remember: (secret: string) => void } {
  const fixed = secrets.filter((secret) => secret.length >= 4);
  let learnt: string[] = [];
  let needles: string[] = [];
  const sort = () => {
    needles = [...new Set([...fixed, ...learnt])].sort((a, b) => b.length - a.length);
  };
  sort();
  const remember = (secret: string) => {
    if (secret.length < 4 || needles.includes(secret)) return;
    learnt = [...learnt.slice(-(LEARNT_KEPT - 1)), secret];
    sort();
  };
  const redact: Redact = (value) => needles.reduce((text, needle) => text.split(needle).join("[REDACTED]"), value);
  return Object.assign(redact, { remember });
}

/** Every string inside a plain value (objects and arrays, to a bounded depth) redacted, in place. */
function redactDeep(value: unknown, redact: Redact, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (!value || typeof value !== "object" || depth > 8 || !isPlain(value)) return value;
  const record = value as Record<string, unknown>;
  for (const [key, inner] of Object.entries(record)) {
    try {
      record[key] = redactDeep(inner, redact, depth + 1);
    } catch {
      // a read-only field: left as it is
    }
  }
  return value;
}

const isPlain = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
};

/**
 * Removes every secret from an error (message, stack, every string field and those inside its
 * plain-object fields such as `details`, cause), in place. What `JSON.stringify(error)` shows is
 * its enumerable fields: redacted too.
 */
export function scrub(error: unknown, redact: Redact): unknown {
  if (!(error instanceof Error)) return error;
  // The caller's own abort reason (an AbortError, AbortSignal.timeout()'s TimeoutError), passed through.
  if (typeof DOMException !== "undefined" && error instanceof DOMException) return error;
  if (error.name === "AbortError") return error;
  const record = error as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    try {
      record[key] = redactDeep(value, redact);
    } catch {
      // a read-only field: left as it is
    }
  }
  try {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
  } catch {
    // an error whose message cannot be set is not one of ours: passed through
  }
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
