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
