import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// turbo serves a cached pass when a task's hash has not changed. A suite that uses a shared helper
// must therefore see it through its dependencies: then a change to the helper changes the hash of
// the helper's build, which is part of the suite's hash. Proven here on turbo's own plan
// (`turbo run test --dry=json`), and by a search for the way around it: a test file reaching into
// another package's folder by relative path, which turbo cannot see.
const root = fileURLToPath(new URL("../../..", import.meta.url));
const kitFiles = readdirSync(join(root, "packages/test-kit/src")).map((name) => `src/${name}`);

interface PlannedTask {
  taskId: string;
  package: string;
  hash: string;
  dependencies: string[];
  inputs: Record<string, string>;
}

function plan(): PlannedTask[] {
  const turbo = join(root, "node_modules/.bin/turbo");
  const out = execFileSync(turbo, ["run", "test", "--dry=json"], { cwd: root, encoding: "utf8", maxBuffer: 64e6 });
  return (JSON.parse(out) as { tasks: PlannedTask[] }).tasks;
}

/** Every test file of the workspace's packages (not node_modules, not built output). */
function testFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|mjs)$/.test(name)) found.push(path);
    }
  };
  for (const group of ["packages", "apps"])
    for (const name of readdirSync(join(root, group))) {
      const tests = join(root, group, name, "test");
      if (statSync(join(root, group, name)).isDirectory() && readdirSync(join(root, group, name)).includes("test"))
        walk(tests);
    }
  walk(join(root, "openapi/test"));
  return found;
}

const packageOf = (file: string) => {
  const rel = relative(root, file).split("/");
  return rel[0] === "openapi" ? "openapi" : `${rel[0]}/${rel[1]}`;
};

describe("the test cache", () => {
  const tasks = plan();
  const byId = new Map(tasks.map((task) => [task.taskId, task]));
  const kitBuild = byId.get("@sideconvo/test-kit#build");

  it("hashes every file of the test kit into the kit's build task", () => {
    expect(kitBuild).toBeDefined();
    for (const file of kitFiles) expect(Object.keys(kitBuild?.inputs ?? {})).toContain(file);
  });

  it("makes every suite that imports the kit depend on the kit's build, so a change to it re-runs them", () => {
    const users = new Set(
      testFiles()
        .filter((file) => readFileSync(file, "utf8").includes('from "@sideconvo/test-kit/'))
        .map(packageOf),
    );
    expect(users.size).toBeGreaterThanOrEqual(6);
    for (const folder of users) {
      if (folder === "packages/test-kit") continue;
      const name = JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")).name as string;
      const suite = byId.get(`${name}#test`);
      expect(suite?.dependencies, `${name}#test`).toContain("@sideconvo/test-kit#build");
    }
  });

  it("finds no test that imports another package's files by relative path, where turbo cannot see it", () => {
    const reaching: string[] = [];
    for (const file of testFiles()) {
      const own = resolve(root, packageOf(file));
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        const target = resolve(dirname(file), specifier as string);
        // The shared vitest settings under scripts/ are in turbo's globalDependencies.
        if (!target.startsWith(`${own}/`) && !target.startsWith(join(root, "scripts/vitest/")))
          reaching.push(`${relative(root, file)} → ${specifier}`);
      }
    }
    expect(reaching).toEqual([]);
  });

  it("would catch such an import (control)", () => {
    const file = join(root, "packages/contract/test/x.test.ts");
    const target = resolve(dirname(file), "../../../openapi/test/spec.js");
    expect(target.startsWith(`${resolve(root, packageOf(file))}/`)).toBe(false);
  });
});
