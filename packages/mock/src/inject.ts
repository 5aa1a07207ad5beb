// For test files: the URL of the mock that "@sideconvo/mock/vitest" started, typed. Importing this
// module is also what tells TypeScript about `inject("sideconvoMockUrl")`: the global setup is only
// named in vitest.config.ts as a string, so its declarations never reach the tests' compile.
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the mock of "@sideconvo/mock/vitest" listens, such as http://127.0.0.1:40123. */
    sideconvoMockUrl: string;
  }
}

/** The mock's URL, such as http://127.0.0.1:40123. Call it inside a test or hook. */
export function mockUrl(): string {
  return inject("sideconvoMockUrl");
}

/**
 * Puts the sandbox of "@sideconvo/mock/vitest/sandbox" back to its seed: call it in `beforeEach`
 * so that each test starts from the same state. Rejects, naming the answer, against a mock that
 * is not a sandbox.
 */
export async function resetSandbox(): Promise<void> {
  const response = await fetch(`${mockUrl()}/__sandbox/reset`, { method: "POST" });
  if (!response.ok)
    throw new Error(
      `resetSandbox(): ${mockUrl()} answered ${response.status}; is it the sandbox (@sideconvo/mock/vitest/sandbox)?`,
    );
}
