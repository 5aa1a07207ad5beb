import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

// The sandbox guide's pattern, four files on four workers against one sandbox: each worker has a
// namespace of its own (mockUrl() names it), so one file's reset never erases another's state.
const manifest = createRequire(import.meta.url).resolve("vitest/package.json");
const vitest = join(dirname(manifest), "vitest.mjs");
const fixture = new URL("./fixtures/parallel/", import.meta.url).pathname;

describe("@sideconvo/mock/vitest/sandbox with parallel test files", () => {
  it("passes the guide's beforeEach(resetSandbox) pattern with four files on four workers", () => {
    const output = join(mkdtempSync(join(tmpdir(), "sideconvo-parallel-")), "report.json");
    const run = spawnSync(
      process.execPath,
      [vitest, "run", "--maxWorkers=4", "--reporter=json", `--outputFile=${output}`],
      {
        cwd: fixture,
        env: { ...process.env, SIDECONVO_SANDBOX_SEED: "empty", CI: "" },
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    expect(existsSync(output), `${run.stdout.slice(-1000)}${run.stderr.slice(-2000)}`).toBe(true);
    const report = JSON.parse(readFileSync(output, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    expect(report, run.stderr.slice(-2000)).toMatchObject({ numPassedTests: 24, numFailedTests: 0 });
  });
});
