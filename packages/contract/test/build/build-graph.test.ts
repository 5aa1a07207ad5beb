import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Lint is its own task: `npm start` (a build) never waits for it, so a badly formatted test helper
// cannot stop the mock and the docs from starting; `npm test` still lints every package.
const root = fileURLToPath(new URL("../../../..", import.meta.url));
const dryRun = (tasks: string[]) =>
  (
    JSON.parse(
      execFileSync("pnpm", ["exec", "turbo", "run", ...tasks, "--dry=json"], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    ) as { tasks: { taskId: string }[] }
  ).tasks.map((task) => task.taskId);

describe("the build graph", () => {
  it("builds without linting", () => {
    const build = dryRun(["build"]);
    expect(build.length).toBeGreaterThan(10);
    expect(build.filter((id) => id.endsWith("#lint"))).toEqual([]);
  });

  it("still lints every package in npm test's run", () => {
    // The tasks scripts/test-all.mjs runs, read from it so that this test follows it.
    const script = readFileSync(`${root}/scripts/test-all.mjs`, "utf8");
    const tasks = /\["run", ((?:"[^"]+", )+)"--concurrency/
      .exec(script)?.[1]
      ?.match(/"([^"]+)"/g)
      ?.map((t) => t.slice(1, -1));
    expect(tasks).toContain("lint");
    const all = dryRun(tasks ?? []);
    for (const pkg of [
      "@sideconvo/openapi",
      "@sideconvo/client",
      "@sideconvo/sandbox",
      "@sideconvo/mock",
      "@sideconvo/docs",
    ])
      expect(all, pkg).toContain(`${pkg}#lint`);
  });
});
