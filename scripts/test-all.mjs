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

const turbo = spawnSync("turbo", ["run", "lint:root", "lint", "typecheck", "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of reports.filter((file) => existsSync(file))) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
if (turbo.status !== 0 && failed === 0) failed = 1; // a lint or type error fails the run too
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(turbo.status ?? 1);
