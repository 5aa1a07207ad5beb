// Test settings every package shares: the usual console report, the reasons of skipped tests,
// and a JSON result file that scripts/test-all.mjs adds up into one closing line.
export const sharedTestOptions = {
  reporters: ["default", new URL("./skip-reasons.mjs", import.meta.url).pathname, "json"],
  outputFile: { json: ".vitest-results/results.json" },
};
