// `pnpm bench` (root): every benchmark of this package, each writing its section of BENCHMARKS.md.
// Run with --expose-gc for the live-heap figures of the pagination benchmark.
import { spawnSync } from "node:child_process";

const names = ["overhead", "pagination", "rate-limit", "bundle", "tooling", "commands", "sandbox", "sandbox-data"];
for (const name of names) {
  console.log(`\n== ${name}`);
  const run = spawnSync(process.execPath, ["--expose-gc", new URL("./run-one.mjs", import.meta.url).pathname, name], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
