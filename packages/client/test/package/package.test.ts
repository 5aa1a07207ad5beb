import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The published package as consumers get it: built output, exports map, types, runtimes.
const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url));

describe("the published package", () => {
  it("imports nothing from node: in the runtime code, so it runs wherever fetch runs", () => {
    const files = readdirSync(`${root}/dist`, { recursive: true }).filter((file) => String(file).endsWith(".js"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      expect(readFileSync(`${root}/dist/${file}`, "utf8"), String(file)).not.toMatch(
        /from\s*["']node:|require\(\s*["']node:/,
      );
    }
  });

  it("is ESM with types, an exports map and no side effects", () => {
    const manifest = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
    expect(manifest).toMatchObject({
      type: "module",
      sideEffects: false,
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } },
    });
  });

  it("passes publint", () => {
    expect(execFileSync(bin("publint"), { cwd: root, encoding: "utf8" })).toContain("All good");
  });

  it("passes @arethetypeswrong/cli for ESM consumers", () => {
    // esm-only: the package is ESM by design, so the only problems allowed are those of
    // CommonJS resolution (node10, require from node16), where callers use import() instead.
    // attw exits non-zero on any other problem, which execFileSync turns into a failure.
    const out = execFileSync(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "json"], {
      cwd: root,
      encoding: "utf8",
    });
    const report = JSON.parse(out) as {
      problems: Record<string, { resolutionKind: string }[]>;
      analysis: { entrypoints: object };
    };
    expect(Object.keys(report.analysis.entrypoints)).toEqual([".", "./oauth", "./package.json"]);
    for (const [kind, found] of Object.entries(report.problems)) {
      expect(["NoResolution", "CJSResolvesToESM"], kind).toContain(kind);
      for (const problem of found) expect(["node10", "node16-cjs"]).toContain(problem.resolutionKind);
    }
  }, 60_000);
});
