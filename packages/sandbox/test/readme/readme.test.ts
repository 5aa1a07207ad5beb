import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

// The README's TypeScript, as a reader pastes it: compiled strictly against this package and the
// client, then run (the built package, by its own name) and its output checked.
const root = fileURLToPath(new URL("../..", import.meta.url));
const blocks = [...readFileSync(join(root, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1] as string,
);
const scratch = join(root, ".readme-run");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(name: string, code: string, args: string[] = []) {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, name);
  writeFileSync(
    file,
    ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText,
  );
  return spawnSync(process.execPath, [...args, file], { cwd: scratch, encoding: "utf8", timeout: 60_000 });
}

describe("the README's examples", () => {
  it("has the in-process, MSW and HTTP examples", () => {
    expect(blocks).toHaveLength(3);
  });

  it("compiles every block with strict settings", () => {
    const src = (path: string) => [join(root, "src", path)];
    const files = Object.fromEntries(blocks.map((code, i) => [join(root, `readme-${i}.ts`), `${code}\nexport {};\n`]));
    const errors = compileSnippets(files, {
      paths: {
        "@sideconvo/sandbox": src("index.ts"),
        "@sideconvo/sandbox/msw": src("msw.ts"),
        "@sideconvo/sandbox/node": src("node/index.ts"),
        "@sideconvo/client": [join(root, "../client/src/index.ts")],
      },
      options: { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, baseUrl: root },
    });
    expect(errors.map((error) => error.message)).toEqual([]);
  }, 60_000);

  it("runs the in-process example: the reply is the second event", () => {
    const ran = run("in-process.mjs", blocks[0] as string);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("2\n");
  });

  it("runs the MSW example with Vitest", () => {
    mkdirSync(scratch, { recursive: true });
    writeFileSync(join(scratch, "side-conversations.test.ts"), blocks[1] as string);
    const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
    const ran = spawnSync(process.execPath, [vitest, "run", "--root", scratch, "side-conversations.test.ts"], {
      cwd: scratch,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, CI: "" },
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: vitest's colours are removed
    expect(`${ran.stdout}${ran.stderr}`.replace(/\u001b\[[0-9;]*m/g, "")).toMatch(/Tests\s+1 passed \(1\)/);
  }, 120_000);

  it("runs the HTTP example: it prints where it listens and stops", () => {
    const ran = run("http.mjs", blocks[2] as string);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});
