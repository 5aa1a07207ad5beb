// For test files: the address of the sandbox that "@sideconvo/sandbox/vitest" started, as this test
// worker's own namespace. Importing this module is also what tells TypeScript about
// `inject("sideconvoSandboxUrl")`: the global setup is named in vitest.config.ts only as a string.
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the sandbox of "@sideconvo/sandbox/vitest" listens, such as http://127.0.0.1:40123. */
    sideconvoSandboxUrl: string;
  }
}

/**
 * This test worker's sandbox, such as http://127.0.0.1:40123/ns/worker-3: files that run in
 * parallel never share state, and a reset in one never touches another's. Call it inside a test or
 * a hook.
 */
export function sandboxUrl(): string {
  return `${inject("sideconvoSandboxUrl")}/ns/worker-${process.env.VITEST_POOL_ID ?? "1"}`;
}

/** Puts this worker's sandbox back to its seed: call it in `beforeEach`. Rejects, naming the answer. */
export async function resetSandbox(): Promise<void> {
  const response = await fetch(`${sandboxUrl()}/__sandbox/reset`, {
    method: "POST",
    // A JSON body: the sandbox refuses a reset that a web page could send (a form post).
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok) throw new Error(`resetSandbox(): ${sandboxUrl()} answered ${response.status}`);
}
