import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../scripts/vitest/shared.mjs";

// One Prism (with --errors) for the whole suite, started by the mock package's global setup.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ["test/**/*.test.ts"],
    globalSetup: ["@sideconvo/mock/vitest"],
    testTimeout: 20_000,
    // Files that start a mock or sandbox of their own wait for Prism, slower under a whole run's load.
    hookTimeout: 60_000,
  },
});
