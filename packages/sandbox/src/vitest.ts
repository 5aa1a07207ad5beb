// A Vitest globalSetup: one stateful sandbox over HTTP for the whole run, stopped at the end.
//   export default defineConfig({ test: { globalSetup: ["@sideconvo/sandbox/vitest"] } });
// Tests read its address with sandboxUrl() and start from the seed with resetSandbox(), both from
// "@sideconvo/sandbox/vitest/inject". Set-up by environment: SIDECONVO_SANDBOX_SEED (a JSON file, or
// "empty"), SIDECONVO_SANDBOX_DATA (a file that keeps the state), SIDECONVO_SANDBOX_PORT (default 0,
// a free one). `@sideconvo/mock/vitest/sandbox` starts the same server for `mockUrl()`.
import type {} from "vitest"; // the module augmented below; types only, nothing is loaded
import { type RunningSandboxServer, startSandboxServer } from "./node/http.js";

// Declared here for code that imports this entry's types, and in vitest-inject.ts for the tests
// that import that one (an empty type import would not survive into the emitted .d.ts).
declare module "vitest" {
  export interface ProvidedContext {
    /** Where the sandbox of "@sideconvo/sandbox/vitest" listens, such as http://127.0.0.1:40123. */
    sideconvoSandboxUrl: string;
  }
}

interface Project {
  provide?: (key: "sideconvoSandboxUrl", value: string) => void;
}

let server: RunningSandboxServer | undefined;

export async function setup(project?: Project): Promise<() => Promise<void>> {
  const { SIDECONVO_SANDBOX_SEED: seed, SIDECONVO_SANDBOX_DATA: data, SIDECONVO_SANDBOX_PORT: port } = process.env;
  server = await startSandboxServer({ port: Number(port ?? 0), ...(seed && { seed }), ...(data && { data }) });
  process.env.SIDECONVO_SANDBOX_URL = server.url;
  project?.provide?.("sideconvoSandboxUrl", server.url);
  return teardown;
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = undefined;
}

export default setup;
