import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { guideBlocks, PRELUDE } from "@sideconvo/test-kit/guide-code";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { asUser, npm } from "../support/npm.js";
import { tsc } from "../support/tsc.js";

// The TypeScript of the docs site's landing page and guides, compiled where readers compile it: a
// fresh project outside the workspace with the packed packages and what the guides tell readers to
// install (`npm install @sideconvo/client`, `npm install --save-dev @sideconvo/mock vitest`, and
// `@sideconvo/sandbox` for the sandbox guide, `@sideconvo/verify` for the CI guide), under
// strict settings without the DOM library. Each block is a file of its own, as pasted.
const workdir = inject("workdir");
const registry = inject("registry");
const project = join(workdir, "guides-app");
const compilers = {
  "TypeScript 5.9": fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url)),
  "TypeScript 7": fileURLToPath(new URL("../../node_modules/typescript-7/bin/tsc", import.meta.url)),
};
const compilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  lib: ["ES2022"],
  types: ["node"],
  target: "ES2022",
  module: "nodenext",
  moduleResolution: "nodenext",
  noEmit: true,
};

function compile(compiler: string, files: Record<string, string>, name: string) {
  const dir = join(project, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, "src", file), text);
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
  return tsc(compiler, dir);
}

describe("the guides' TypeScript in a reader's project", () => {
  const blocks = guideBlocks();
  const files: Record<string, string> = { "prelude.ts": `${PRELUDE}export {};\n` };
  for (const block of blocks) files[`${block.name.replace(/[^\w]+/g, "_")}.ts`] = `${block.code}\nexport {};\n`;

  beforeAll(async () => {
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "guides-app", private: true, type: "module" }));
    await npm(["install", "@sideconvo/client", "@types/node@24"], { cwd: project, registry });
    await npm(["install", "--save-dev", "@sideconvo/mock", "vitest@5"], { cwd: project, registry });
    // The sandbox guide's in-process section: `npm install --save-dev @sideconvo/sandbox`.
    await npm(["install", "--save-dev", "@sideconvo/sandbox"], { cwd: project, registry });
    // The CI guide's fake-checking test: `npm install --save-dev @sideconvo/verify`.
    await npm(["install", "--save-dev", "@sideconvo/verify"], { cwd: project, registry });
  }, 300_000);

  it("has the blocks of every guide that has any", () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.some((block) => block.name.startsWith("content/guides/contract-testing.md"))).toBe(true);
  });

  for (const [compilerName, compiler] of Object.entries(compilers)) {
    it(`compiles every block with ${compilerName}`, () => {
      const { status, output } = compile(compiler, files, `guides-${compilerName.replace(/\W+/g, "")}`);
      expect(output).toBe("");
      expect(status).toBe(0);
    });
  }

  it("runs the sandbox guide's Vitest example as written: its config and test file, with the reader's vitest", async () => {
    const guide = guideBlocks().filter((block) => block.name.startsWith("content/guides/sandbox.md"));
    const file = (first: RegExp) => guide.find((block) => first.test(block.code.split("\n")[0] ?? ""))?.code;
    const config = file(/^\/\/ vitest\.config\.ts/);
    const test = file(/^\/\/ \S+\.test\.ts/);
    expect(config).toBeDefined();
    expect(test).toBeDefined();
    const dir = join(project, "sandbox-example");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(join(dir, "vitest.config.ts"), config as string);
    writeFileSync(join(dir, "escalation.test.ts"), test as string);
    const vitest = join(project, "node_modules/vitest/vitest.mjs");
    const ran = await asUser(process.execPath, process.execPath, [vitest, "run", "--root", dir], { cwd: project });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest's colours are removed
    const output = `${ran.stdout}${ran.stderr}`.replace(/\u001b\[[0-9;]*m/g, "");
    expect(output).toMatch(/Tests\s+1 passed \(1\)/);
    expect(ran.code).toBe(0);
  }, 180_000);

  it("reports what a reader's project would: inject() of the mock's URL without its types (control)", () => {
    // The contract-testing guide once used inject("sideconvoMockUrl"), which compiles in the
    // workspace (the key is declared by a file it loads) and not in a reader's project.
    const control = `import { inject } from "vitest";\nexport const url: string = inject("sideconvoMockUrl");\n`;
    const { status, output } = compile(compilers["TypeScript 5.9"], { "control.ts": control }, "guides-control");
    expect(status).not.toBe(0);
    expect(output).toMatch(/control\.ts.*TS2345/);
  });
});
