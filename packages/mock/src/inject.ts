// For test files: the URL of the mock that "@sideconvo/mock/vitest" started, typed. Importing this
// module is also what tells TypeScript about `inject("sideconvoMockUrl")`: the global setup is only
// named in vitest.config.ts as a string, so its declarations never reach the tests' compile.
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the mock of "@sideconvo/mock/vitest" listens, such as http://127.0.0.1:40123. */
    sideconvoMockUrl: string;
    /** Set by "@sideconvo/mock/vitest/sandbox": mockUrl() then gives each worker a namespace. */
    sideconvoSandbox?: boolean;
  }
}

/**
 * The mock's URL, such as http://127.0.0.1:40123. Call it inside a test or hook. Against the
 * sandbox of "@sideconvo/mock/vitest/sandbox" it is this test worker's own namespace
 * (http://127.0.0.1:40123/ns/worker-3): files that run in parallel never share state, and a
 * reset in one never touches another's.
 */
export function mockUrl(): string {
  const url = inject("sideconvoMockUrl");
  return inject("sideconvoSandbox") ? `${url}/ns/worker-${process.env.VITEST_POOL_ID ?? "1"}` : url;
}

/**
 * Puts this worker's sandbox of "@sideconvo/mock/vitest/sandbox" back to its seed: call it in
 * `beforeEach` so that each test starts from the same state. Rejects, naming the answer, against
 * a mock that is not a sandbox.
 */
export async function resetSandbox(): Promise<void> {
  const response = await fetch(`${mockUrl()}/__sandbox/reset`, {
    method: "POST",
    // A JSON body: the sandbox refuses a reset that a web page could send (a form post).
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok)
    throw new Error(
      `resetSandbox(): ${mockUrl()} answered ${response.status}; is it the sandbox (@sideconvo/mock/vitest/sandbox)?`,
    );
}
