// Test settings every package shares: the usual console report, the reasons of skipped tests,
// and a JSON result file that scripts/test-all.mjs adds up into one closing line.
// The timeouts guard against a hang, not a slow machine: a test that runs a tool (publint, tsc,
// esbuild) takes seconds more when another suite shares the two cores, so 30 s, not vitest's 5 s.
// A package may set more.
export const sharedTestOptions = {
  reporters: ["default", new URL("./skip-reasons.mjs", import.meta.url).pathname, "json"],
  outputFile: { json: ".vitest-results/results.json" },
  testTimeout: 30_000,
  hookTimeout: 60_000,
};
