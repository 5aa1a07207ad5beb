// A vitest globalSetup: one Prism for the whole run, with --errors, stopped at the end.
//   export default defineConfig({ test: { globalSetup: ["@sideconvo/mock/vitest"] } });
// Tests read the URL with mockUrl() from "@sideconvo/mock/inject", inject("sideconvoMockUrl") or
// process.env.SIDECONVO_MOCK_URL.
import type {} from "vitest"; // the module augmented below; types only, nothing is loaded
import { type MockOptions, type RunningMock, startMock } from "./start-mock.js";

// Declared here for code that imports this entry's types, and in inject.ts for tests that import
// that one (an empty type import would not survive into the emitted .d.ts).
declare module "vitest" {
  export interface ProvidedContext {
    sideconvoMockUrl: string;
    /** Set by "@sideconvo/mock/vitest/sandbox": mockUrl() then gives each worker a namespace. */
    sideconvoSandbox?: boolean;
  }
}

interface Project {
  provide?: {
    (key: "sideconvoMockUrl", value: string): void;
    (key: "sideconvoSandbox", value: boolean): void;
  };
}

let mock: RunningMock | undefined;

/** Starts one mock for the run (this setup's, or the sandbox's) and tells the tests where it is. */
export async function provideMock(options: MockOptions, project?: Project): Promise<() => Promise<void>> {
  mock = await startMock({ port: Number(process.env.SIDECONVO_MOCK_PORT ?? 0), ...options });
  process.env.SIDECONVO_MOCK_URL = mock.url;
  project?.provide?.("sideconvoMockUrl", mock.url);
  if (options.stateful) project?.provide?.("sideconvoSandbox", true);
  return teardown;
}

export async function setup(project?: Project): Promise<() => Promise<void>> {
  return provideMock({ errors: true }, project);
}

export async function teardown(): Promise<void> {
  await mock?.stop();
  mock = undefined;
}

export default setup;
