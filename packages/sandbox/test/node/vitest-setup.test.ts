// "@sideconvo/sandbox/vitest": the sandbox's own global setup, with no @sideconvo/mock and no Prism.
// Four files on four workers against one sandbox, each beforeEach(resetSandbox): every worker sees
// only its own writes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const fixture = new URL("../fixtures/parallel/", import.meta.url).pathname;

describe("@sideconvo/sandbox/vitest", () => {
  it("serves four files on four workers, each in its own namespace", () => {
    const output = join(mkdtempSync(join(tmpdir(), "sideconvo-sandbox-vitest-")), "report.json");
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
    const report = JSON.parse(readFileSync(output, "utf8")) as { numPassedTests: number; numFailedTests: number };
    expect(report, run.stderr.slice(-2000)).toMatchObject({ numPassedTests: 24, numFailedTests: 0 });
  });
});
