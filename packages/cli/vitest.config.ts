import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../scripts/vitest/shared.mjs";

// One mock (real Prism on the bundled spec) for the whole run; the CLI reaches it through
// SIDECONVO_BASE_URL. A few tests run --mock (the sandbox in the process) and --mock --prism (the CLI's own Prism).
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sideconvo/mock/vitest"],
    testTimeout: 30_000,
  },
});
