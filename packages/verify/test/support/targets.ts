// Targets for verify in the test process: the sandbox engine itself (no port), and the same
// engine with its answers altered, one kind of drift at a time.
import { createSandbox, SANDBOX_URL, type SandboxData } from "@sideconvo/sandbox";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";

export const auth = { email: "verify@example.com", apiToken: "verify-secret-token" };
export { SANDBOX_URL };

/** A JSON answer's body changed by `alter` where `when` says; other answers as they were. */
export type Alteration = (body: Record<string, unknown>, url: URL, method: string) => unknown;

/** The sandbox's seed of examples, as data to change. */
export const examples = (): SandboxData => createSandbox(KEEP_API_TOKENS).snapshot();

export function sandboxTarget(
  alter?: { when: (url: URL, method: string) => boolean; body: Alteration },
  seed?: SandboxData,
) {
  const sandbox = createSandbox({ ...KEEP_API_TOKENS, ...(seed ? { seed } : {}) });
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await sandbox.fetch(request);
    const url = new URL(request.url);
    if (!alter?.when(url, request.method)) return response;
    const body = (await response.json()) as Record<string, unknown>;
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    return new Response(JSON.stringify(alter.body(body, url, request.method)), { status: response.status, headers });
  };
  return { sandbox, fetch, baseUrl: SANDBOX_URL };
}
