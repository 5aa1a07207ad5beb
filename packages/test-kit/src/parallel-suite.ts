// The sandbox guide's pattern for parallel test files, shared by the fixtures that prove it for each
// Vitest setup that serves a sandbox (the sandbox's own, and the mock's): six tests a file, each from
// the seed (`beforeEach(reset)`), each seeing only its own writes, whatever the other workers do.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { sandboxToken } from "./sandbox-token.js";

/** One fixture file's six tests, against `url()` (this worker's sandbox), reset by `reset()`. */
export function parallelSuite(file: string, url: () => string, reset: () => Promise<void>): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const create = () =>
    fetch(`${url()}/api/v2/tickets/42/side_conversations`, {
      method: "POST",
      headers,
      body: JSON.stringify({ message: { body: file, to: [{ email: "a@example.com" }] } }),
    });
  const count = async () =>
    ((await (await fetch(`${url()}/api/v2/tickets/42/side_conversations`, { headers })).json()) as { count: number })
      .count;

  // An access token from the sandbox's own OAuth client (client credentials), as a program gets one.
  beforeAll(async () => {
    headers.authorization = `Bearer ${await sandboxToken(new URL(url()).origin)}`;
  });
  beforeEach(reset);

  for (let test = 1; test <= 6; test++) {
    it(`sees only its own ${test} side conversations`, async () => {
      for (let i = 0; i < test; i++) expect((await create()).status).toBe(201);
      // Another file's writes or resets, in a worker next to this one, must not show here.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await count()).toBe(test);
    });
  }
}

/** Runs a fixture folder's Vitest on four workers (seed: empty); its JSON report's counts. */
export function runParallelFixture(fixture: string): { numPassedTests: number; numFailedTests: number } {
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  const output = join(mkdtempSync(join(tmpdir(), "sideconvo-parallel-")), "report.json");
  let said = "";
  try {
    execFileSync(process.execPath, [vitest, "run", "--maxWorkers=4", "--reporter=json", `--outputFile=${output}`], {
      cwd: fixture,
      env: { ...process.env, SIDECONVO_SANDBOX_SEED: "empty", CI: "" },
      encoding: "utf8",
      timeout: 120_000,
      stdio: "pipe",
    });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    said = `${stdout.slice(-1000)}${stderr.slice(-2000)}`;
  }
  if (!existsSync(output)) throw new Error(`the fixture wrote no report: ${said}`);
  return JSON.parse(readFileSync(output, "utf8"));
}
