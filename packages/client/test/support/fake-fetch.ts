// A scripted fetch for unit tests: each call takes the next step of the script and records what
// was sent. A step is a Response to return, an Error to throw, or a function of the request.
export interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  signal: AbortSignal | undefined;
}

export type Step = Response | Error | ((sent: Sent) => Response | Promise<Response>);

export function fakeFetch(...script: Step[]) {
  const calls: Sent[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const sent: Sent = {
      method: request.method,
      url: request.url,
      // A FormData body shows here as its multipart text, and its boundary in the headers.
      headers: request.headers,
      body: await request.text(),
      signal: init.signal ?? undefined,
    };
    calls.push(sent);
    const step = script.length > 1 ? script.shift() : script[0];
    if (step === undefined) throw new Error("the fake fetch has no step left");
    if (step instanceof Error) throw step;
    const response = typeof step === "function" ? await step(sent) : step.clone();
    return response;
  };
  return Object.assign(fetch as typeof globalThis.fetch, { calls });
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A network error as undici reports it: TypeError("fetch failed") with the system error as cause. */
export function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code }) });
}

export const EMAIL = "agent@example.com";
export const TOKEN = "s3cr3t-T0KEN-value";
export const PASSWORD = "hunter2-Pa55word!";
export const OAUTH = "oauth-Acc3ss-token-xyz";
export const BASE = "https://acme.zendesk.com";
/** Options that keep retries fast in tests. */
export const FAST = { retry: { minDelayMs: 1, maxDelayMs: 4 } } as const;

export const sideConversation = {
  id: "8566255a-ece5-11e8-857d-493066fa7b17",
  ticket_id: 42,
  subject: "Help",
  state: "open",
  participants: [],
  external_ids: {},
  created_at: "2018-11-20T16:58:36.453+00:00",
};

/** Every form a secret of the test credentials could take in an error. */
export function secretForms(): string[] {
  const b64 = (text: string) => btoa(text);
  return [
    TOKEN,
    PASSWORD,
    OAUTH,
    b64(`${EMAIL}/token:${TOKEN}`),
    b64(`${EMAIL}:${PASSWORD}`),
    b64(TOKEN),
    b64(PASSWORD),
    `Bearer ${OAUTH}`,
  ];
}

/** Everything an error could show: message, toString, stack, cause, JSON. */
export function everythingShown(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  const cause = e?.cause as Error | undefined;
  return [
    String(e),
    e?.message,
    e?.stack,
    JSON.stringify(e),
    String(cause),
    cause?.message,
    cause?.stack,
    JSON.stringify(cause),
  ].join("\n");
}
