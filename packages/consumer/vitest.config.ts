import { defineConfig } from "vitest/config";
import { sharedTestOptions } from "../../scripts/vitest/shared.mjs";

// The packages are packed and installed into a fresh project once, by the global setup; every test
// file works in that project.
export default defineConfig({
  test: {
    ...sharedTestOptions,
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
