// Where the tools' requests go: the sandbox engine in this process (practice, the default), or an
// account (the client's own options). Either way one @sideconvo/client sends them, so budgets,
// retries, token renewal and redaction are the client's; this file adds what an agent needs to hear
// about them: the budget left after each answer.
import { type ClientOptions, type Clock, createClient, type SideconvoClient } from "@sideconvo/client";
import { createSandbox, SANDBOX_CLIENT, SANDBOX_URL, type Sandbox, type SandboxOptions } from "@sideconvo/sandbox";

/** An account to use instead of the sandbox: the client's target and credentials. */
export type Account = Pick<ClientOptions, "auth"> & ({ subdomain: string } | { baseUrl: string });

/** What the last answer said of the rate-limit budgets (absent where it did not say). */
export interface Budget {
  account?: { limit: number; remaining: number };
  operation?: { limit: number; remaining: number; resetsInSeconds?: number };
}

export interface Connection {
  zd: SideconvoClient;
  /** `sandbox`: practice in this process; `account`: a real account, where writes reach people. */
  environment: "sandbox" | "account";
  /** The origin requests go to (the sandbox's own name in practice). */
  origin: string;
  /** The sandbox, in practice mode. */
  sandbox?: Sandbox;
  /** The budgets as the last answer reported them. */
  budget: () => Budget;
  /** Every credential string this connection holds: never to appear in a result or a log. */
  secrets: string[];
}

export interface ConnectionOptions {
  account?: Account | undefined;
  /** Practice mode's sandbox, or its options. Default: the spec's examples, rate limits on. */
  sandbox?: Sandbox | SandboxOptions | undefined;
  /** The longest rate-limit or Retry-After wait a tool call sits out before answering "wait". */
  maxWaitMs: number;
  clock?: Clock | undefined;
  fetch?: typeof fetch | undefined;
  log: (line: string) => void;
}

const isSandbox = (value: unknown): value is Sandbox => typeof (value as Sandbox | undefined)?.handle === "function";

export function connect(options: ConnectionOptions): Connection {
  let last: Budget = {};
  const observe =
    (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const response = await inner(input, init);
      last = budgetOf(response.headers);
      return response;
    };
  const shared = {
    userAgent: "sideconvo-mcp",
    retry: { maxRetryAfterMs: options.maxWaitMs },
    ...(options.clock && { clock: options.clock }),
    // The client's notices (an API token's end date) go to the log, never into a tool result.
    logger: { warn: (message: string) => options.log(message) },
  } satisfies Partial<ClientOptions>;

  if (options.account) {
    const zd = createClient({
      ...options.account,
      ...shared,
      fetch: observe(options.fetch ?? globalThis.fetch),
    });
    const origin =
      "baseUrl" in options.account
        ? new URL(options.account.baseUrl).origin
        : `https://${options.account.subdomain}.zendesk.com`;
    return {
      zd,
      environment: "account",
      origin,
      budget: () => last,
      secrets: secretsOf(options.account.auth),
    };
  }
  const sandbox = isSandbox(options.sandbox)
    ? options.sandbox
    : createSandbox({ seed: "examples", rateLimits: true, ...options.sandbox });
  const zd = createClient({
    baseUrl: SANDBOX_URL,
    auth: { oauth: SANDBOX_CLIENT },
    ...shared,
    fetch: observe(sandbox.fetch),
  });
  return { zd, environment: "sandbox", origin: SANDBOX_URL, sandbox, budget: () => last, secrets: [] };
}

function secretsOf(auth: ClientOptions["auth"]): string[] {
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string" && value.length >= 4) found.push(value);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  // The credentials themselves; an id or an email is not secret, but scrubbing one costs nothing.
  if ("apiToken" in auth) walk(auth.apiToken);
  if ("oauthToken" in auth) walk(auth.oauthToken);
  if ("oauth" in auth) walk(auth.oauth);
  return found;
}

const int = (value: string | null) => (value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined);

/** The budgets an answer reports: the account's (`X-Rate-Limit`) and the operation's (`ratelimit-*`). */
export function budgetOf(headers: Headers): Budget {
  const budget: Budget = {};
  const accountLimit = int(headers.get("x-rate-limit"));
  const accountLeft = int(headers.get("x-rate-limit-remaining"));
  if (accountLimit !== undefined && accountLeft !== undefined)
    budget.account = { limit: accountLimit, remaining: accountLeft };
  const limit = int(headers.get("ratelimit-limit"));
  const remaining = int(headers.get("ratelimit-remaining"));
  const resets = int(headers.get("ratelimit-reset"));
  if (limit !== undefined && remaining !== undefined)
    budget.operation = { limit, remaining, ...(resets !== undefined && { resetsInSeconds: resets }) };
  return budget;
}
