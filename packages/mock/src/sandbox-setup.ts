// A vitest globalSetup: one stateful sandbox for the whole run, stopped at the end.
//   export default defineConfig({ test: { globalSetup: ["@sideconvo/mock/vitest/sandbox"] } });
// Tests read its URL with mockUrl() and start each from the seed with resetSandbox(), both from
// "@sideconvo/mock/inject". Set-up by environment: SIDECONVO_SANDBOX_SEED (a JSON file, or
// "empty"), SIDECONVO_SANDBOX_DATA (a file that keeps the state), SIDECONVO_MOCK_PORT.
import { provideMock, teardown } from "./global-setup.js";

export async function setup(project?: Parameters<typeof provideMock>[1]): Promise<() => Promise<void>> {
  const { SIDECONVO_SANDBOX_SEED: seed, SIDECONVO_SANDBOX_DATA: data } = process.env;
  return provideMock({ stateful: { ...(seed && { seed }), ...(data && { data }) } }, project);
}

export { teardown };
export default setup;
