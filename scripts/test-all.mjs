#!/usr/bin/env node
// `npm test` after set-up: lint, type-check and test every package through turbo (cached), then
// add up the vitest JSON reports into one closing line: "tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const workspaceDirs = [
  "openapi",
  ...["packages", "apps"].flatMap((group) =>
    existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(group, name)) : [],
  ),
];
const reports = workspaceDirs.map((dir) => join(root, dir, ".vitest-results", "results.json"));

// Stale reports must not count; a cached test task restores its own.
for (const report of reports) rmSync(report, { force: true });

// Two tasks at a time, as many as the machines have cores: the heavy test tasks (three Chromiums,
// npm installs on two Nodes, a dozen Prisms) all at once made Prism take over 30 s to start.
// `npm run test:all -- --concurrency=4` overrides it (the last flag wins).
// In two runs: every package but the consumer suite, then the consumer suite, whose npm installs on
// two Nodes would otherwise share the cores with the docs' Chromium suites (a Redoc tab then took
// over 30 s to settle). The order is this script's, not a turbo dependency, so that the consumer
// suite's cache key does not hold the other suites' (a change to one package's test re-runs that
// test only: packages/contract/test/build/cache-key.test.ts).
const CONSUMER = "@sideconvo/consumer";
let turbo = spawnSync(
  "turbo",
  [
    "run",
    "lint:root",
    "lint",
    "typecheck",
    "test",
    "--concurrency=2",
    `--filter=!${CONSUMER}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: "inherit" },
);
if (turbo.status === 0)
  turbo = spawnSync(
    "turbo",
    ["run", "lint", "typecheck", "test", "--concurrency=2", `--filter=${CONSUMER}`, ...process.argv.slice(2)],
    { cwd: root, stdio: "inherit" },
  );
else console.log(`\n${CONSUMER} did not run: the packages' own checks failed first.`);
// In CI every test must run: the only skips allowed are the tests that need a live account's
// credentials, which CI does not have. Anything else skipped (a missing browser, curl, git) fails.
const LIVE_ONLY = /^verifying the spec against a live account /;

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedInCi = [];
for (const report of reports.filter((file) => existsSync(file))) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  for (const file of result.testResults) {
    for (const test of file.assertionResults) {
      if (test.status !== "passed" && test.status !== "failed" && !LIVE_ONLY.test(test.fullName)) {
        skippedInCi.push(test.fullName);
      }
    }
  }
}
let status = turbo.status ?? 1;
if (process.env.CI === "true" && skippedInCi.length) {
  console.log(`\nCI=true: ${skippedInCi.length} test(s) skipped that must run in CI:`);
  for (const name of skippedInCi) console.log(`  ${name}`);
  failed += skippedInCi.length;
  status = 1;
}
if (status !== 0 && failed === 0) failed = 1; // a lint or type error fails the run too
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(status);
