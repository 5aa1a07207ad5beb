import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { SANDBOX_CLIENT } from "@sideconvo/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

// The guide "Verify the contract in your CI" as a reader uses it. Its GitHub Actions workflow is
// parsed, and its steps are run as the runner would run them: the verify step with its `env`
// (secrets and variables filled in, and SIDECONVO_BASE_URL added to point at the mock instead of
// the account, the one change), with `sideconvo` the built CLI on PATH; then the summary step, and
// the upload step's paths must exist. Its fake-checking test runs with Vitest against the mock.
const run = promisify(execFile);
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const guide = readFileSync(join(appDir, "content/guides/verify-in-ci.md"), "utf8");
const block = (lang: string, n = 0) =>
  [...guide.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] as string)[n] ?? "";
const cli = createRequire(import.meta.url).resolve("@sideconvo/cli/package.json");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const workflow = parse(block("yaml")) as {
  on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
  permissions: Record<string, string>;
  jobs: { verify: { steps: Step[] } };
};
const steps = workflow.jobs.verify.steps;

let mock: RunningMock;
let sandbox: RunningMock;
let bin: string;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
  // The sandbox does the vendor's OAuth: the workflow's client credentials get a real token there.
  sandbox = await startMock({ port: 0, stateful: true });
  // `npm install --global @sideconvo/cli` puts `sideconvo` on PATH (tested from the tarball by
  // @sideconvo/consumer); here the same binary comes from the workspace.
  bin = mkdtempSync(join(tmpdir(), "sideconvo-guide-bin-"));
  writeFileSync(
    join(bin, "sideconvo"),
    `#!/bin/sh\nexec "${process.execPath}" "${join(dirname(cli), "dist/cli.js")}" "$@"\n`,
  );
  chmodSync(join(bin, "sideconvo"), 0o755);
}, 120_000);
afterAll(async () => {
  await mock?.stop();
  await sandbox?.stop();
  rmSync(bin, { recursive: true, force: true });
});

/** `${{ secrets.X }}` and `${{ vars.X }}` as the runner fills them in. */
function expand(text: string, values: Record<string, string>) {
  return text.replace(/\$\{\{\s*(?:secrets|vars)\.(\w+)\s*\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`the workflow uses ${name}, which this test does not fill in`);
    return values[name] as string;
  });
}

describe("the guide's scheduled workflow", () => {
  it("runs on a schedule and by hand, with read-only permissions", () => {
    expect(workflow.on.schedule[0]?.cron.split(" ")).toHaveLength(5);
    expect(workflow.on).toHaveProperty("workflow_dispatch");
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(steps.map((step) => step.run ?? step.uses)).toContain("npm install --global @sideconvo/cli");
  });

  it("signs in with client credentials, verifies, writes the job summary and has the files its upload step names, on the sandbox", async () => {
    const values = {
      ZENDESK_SUBDOMAIN: "acme",
      ZENDESK_CLIENT_ID: SANDBOX_CLIENT.clientId,
      ZENDESK_CLIENT_SECRET: SANDBOX_CLIENT.clientSecret,
      ZENDESK_TICKET_ID: "42",
    };
    const workspace = mkdtempSync(join(tmpdir(), "sideconvo-guide-ws-"));
    const summary = join(workspace, "summary.md");
    const shell = async (step: Step | undefined) => {
      expect(step?.run).toBeDefined();
      const env = Object.fromEntries(Object.entries(step?.env ?? {}).map(([k, v]) => [k, expand(v, values)]));
      return run("bash", ["-e", "-c", expand(step?.run as string, values)], {
        cwd: workspace,
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          HOME: process.env.HOME ?? "",
          GITHUB_STEP_SUMMARY: summary,
          ...env,
          SIDECONVO_BASE_URL: sandbox.url,
        },
      });
    };
    const verifyStep = steps.find((step) => step.run?.startsWith("sideconvo verify"));
    expect(Object.keys(verifyStep?.env ?? {})).toEqual([
      "ZENDESK_SUBDOMAIN",
      "ZENDESK_CLIENT_ID",
      "ZENDESK_CLIENT_SECRET",
    ]);
    const verified = await shell(verifyStep);
    expect(verified.stdout).toContain(`sideconvo verify: ${sandbox.url}, ticket 42, `);
    expect(verified.stdout).toContain("every answer holds");

    const summaryStep = steps.find((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
    expect(summaryStep?.if).toBe("always()");
    await shell(summaryStep);
    expect(readFileSync(summary, "utf8")).toMatch(/^## sideconvo verify: the contract holds/);

    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact"));
    expect(upload?.if).toBe("always()");
    const paths = (upload?.with?.path ?? "").trim().split("\n");
    expect(paths).toEqual(["verify.xml", "verify.md"]);
    for (const path of paths) expect(existsSync(join(workspace, path)), path).toBe(true);
    expect(readFileSync(join(workspace, "verify.xml"), "utf8")).toMatch(/<testsuites [^>]*failures="0"/);
    for (const path of paths)
      expect(readFileSync(join(workspace, path), "utf8")).not.toContain(values.ZENDESK_CLIENT_SECRET);
    rmSync(workspace, { recursive: true, force: true });
  });

  it("keeps the summary step harmless when verify could not write a report", async () => {
    const workspace = mkdtempSync(join(tmpdir(), "sideconvo-guide-ws-"));
    const summaryStep = steps.find((step) => step.run?.includes("GITHUB_STEP_SUMMARY"));
    const done = await run("bash", ["-e", "-c", summaryStep?.run as string], {
      cwd: workspace,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_STEP_SUMMARY: join(workspace, "summary.md") },
    });
    expect(done.stderr).toBe("");
    expect(existsSync(join(workspace, "summary.md"))).toBe(false);
    rmSync(workspace, { recursive: true, force: true });
  });
});

describe("the guide's check of a team's own fake", () => {
  it("runs its Vitest test as written against a fake (here the mock) and passes", async () => {
    const test = block("ts");
    expect(test.split("\n")[0]).toMatch(/^\/\/ fake-contract\.test\.ts/);
    // In the docs folder, so that `@sideconvo/verify` and `vitest` resolve as in a reader's project.
    const dir = join(appDir, "test/build/.verify-guide");
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, "fake-contract.test.ts"), test);
      writeFileSync(join(dir, "vitest.config.mjs"), "export default {};\n");
      const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
      const ran = await run(process.execPath, [vitest, "run", "--root", dir], {
        cwd: dir,
        env: { ...process.env, FAKE_ZENDESK_URL: mock.url, CI: "true", NO_COLOR: "1" },
      }).catch((error: { stdout: string; stderr: string }) => error);
      expect(`${ran.stdout}${ran.stderr}`).toMatch(/Tests\s+1 passed \(1\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
