// A vitest globalSetup: one stateful sandbox for the whole run, stopped at the end.
//   export default defineConfig({ test: { globalSetup: ["@sideconvo/mock/vitest/sandbox"] } });
// Tests read its URL with mockUrl() and start each from the seed with resetSandbox(), both from
// "@sideconvo/mock/inject". Set-up by environment: SIDECONVO_SANDBOX_SEED (a JSON file, or
// "empty"), SIDECONVO_SANDBOX_DATA (a file that keeps the state), SIDECONVO_MOCK_PORT.
import type {} from "vitest";
import { type RunningMock, startMock } from "./start-mock.js";

declare module "vitest" {
  export interface ProvidedContext {
    sideconvoMockUrl: string;
  }
}

interface Project {
  provide?: (key: "sideconvoMockUrl", value: string) => void;
}

let sandbox: RunningMock | undefined;

export async function setup(project?: Project): Promise<() => Promise<void>> {
  const { SIDECONVO_SANDBOX_SEED: seed, SIDECONVO_SANDBOX_DATA: data } = process.env;
  sandbox = await startMock({
    port: Number(process.env.SIDECONVO_MOCK_PORT ?? 0),
    stateful: { ...(seed && { seed }), ...(data && { data }) },
  });
  process.env.SIDECONVO_MOCK_URL = sandbox.url;
  project?.provide?.("sideconvoMockUrl", sandbox.url);
  return teardown;
}

export async function teardown(): Promise<void> {
  await sandbox?.stop();
  sandbox = undefined;
}

export default setup;
