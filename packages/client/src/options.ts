// Checks createClient's options once, so that the rest of the client can trust them.
import { type Auth, resolveAuth } from "./auth.js";
import { type Clock, systemClock } from "./clock.js";
import { ValidationError } from "./errors.js";
import type { RateLimitOptions } from "./rate-limit.js";
import type { RetryOptions } from "./retry.js";

export interface ClientOptions {
  /** The account's subdomain, as in `acme` for acme.zendesk.com. Give this or `baseUrl`. */
  subdomain?: string | undefined;
  /** The API origin, such as `http://127.0.0.1:4010` for the mock. https unless on loopback. */
  baseUrl?: string | undefined;
  auth: Auth;
  /** A fetch to use instead of the global one (tests, proxies, instrumentation). */
  fetch?: typeof fetch | undefined;
  /** Sent as User-Agent where the runtime allows it. Default `sideconvo-client`. */
  userAgent?: string | undefined;
  /** The longest one attempt may take, body included. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /**
   * The largest answer body read, in bytes (after decompression); a larger one is a
   * ResponseTooLargeError and is not read further. Default 256 MiB: above the API's largest
   * answer (an export page, an attachment), below what would exhaust a process's memory.
   */
  maxResponseBytes?: number | undefined;
  /** Retry settings, or false to never retry. */
  retry?: RetryOptions | false | undefined;
  /** Rate-limit settings, or false to never wait for a budget. */
  rateLimit?: RateLimitOptions | false | undefined;
  /**
   * The clock the client waits by (retry delays, Retry-After, rate-limit budgets). Default the
   * system's. Tests give one whose `sleep` advances `now` at once. `timeoutMs` stays on the
   * system's timers: it guards real I/O.
   */
  clock?: Clock | undefined;
  /** Where the client's notices go (the API-token deprecation, said once). Default `console`. */
  logger?: { warn(message: string): void } | undefined;
}

export type ResolvedOptions = {
  [K in keyof Omit<ClientOptions, "subdomain" | "auth">]-?: Exclude<ClientOptions[K], undefined>;
} & {
  origin: string;
  auth: ReturnType<typeof resolveAuth>;
};

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const {
    subdomain,
    baseUrl,
    timeoutMs = 30_000,
    maxResponseBytes = 256 * 1024 * 1024,
    userAgent = "sideconvo-client",
    retry = {},
    rateLimit = {},
    clock = systemClock,
    logger = console,
  } = options ?? {};
  if ((subdomain === undefined) === (baseUrl === undefined)) {
    throw new ValidationError("options", { subdomain, baseUrl }, "take exactly one of subdomain and baseUrl");
  }
  if (
    subdomain !== undefined &&
    !(typeof subdomain === "string" && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(subdomain))
  ) {
    throw new ValidationError("subdomain", subdomain, "must be a plain DNS label such as acme");
  }
  const url = subdomain === undefined ? parseBaseUrl(baseUrl) : new URL(`https://${subdomain}.zendesk.com`);
  if (!(timeoutMs > 0 && timeoutMs <= 600_000)) {
    throw new ValidationError("timeoutMs", timeoutMs, "must be a number of milliseconds from 1 to 600000");
  }
  if (!(Number.isSafeInteger(maxResponseBytes) && maxResponseBytes > 0)) {
    throw new ValidationError("maxResponseBytes", maxResponseBytes, "must be a positive whole number of bytes");
  }
  if (typeof userAgent !== "string" || /[\r\n]/.test(userAgent)) {
    throw new ValidationError("userAgent", userAgent, "must be a single-line string");
  }
  if (typeof logger?.warn !== "function") throw new ValidationError("logger", logger, "must have warn(message)");
  if (typeof clock?.now !== "function" || typeof clock.sleep !== "function")
    throw new ValidationError("clock", clock, "must have now() and sleep(ms, signal)");
  if (typeof (options.fetch ?? globalThis.fetch) !== "function")
    throw new ValidationError("fetch", options.fetch, "must be a fetch function");
  // Without a fetch of the caller's, the global one as it is at each call (a test library may put
  // its own in place after the client was made), called on globalThis, never on another object.
  const fetchImpl: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    baseUrl: url.href.replace(/\/$/, ""),
    origin: url.origin,
    auth: resolveAuth(options.auth),
    fetch: fetchImpl,
    userAgent,
    timeoutMs,
    maxResponseBytes,
    retry,
    rateLimit,
    clock,
    logger,
  };
}

function parseBaseUrl(value: unknown): URL {
  // The user-info part of a URL may hold a password: it never goes into an error.
  const shown = String(value).replace(/\/\/[^/?#]*@/, "//***@");
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  const problem = !url
    ? "must be an absolute URL such as https://acme.zendesk.com"
    : url.username || url.password
      ? "must not carry credentials (use auth)"
      : url.protocol !== "https:" &&
          !(url.protocol === "http:" && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname))
        ? "must use https (http only on loopback)"
        : url.search || url.hash
          ? "must not have a query or fragment"
          : "";
  if (problem || !url) throw new ValidationError("baseUrl", shown, problem);
  return url;
}
