// The README's example as a reader copies it: it type-checks (strict) against the package, and it
// runs with Node against the built package, printing what its comment says.
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(`${here}README.md`, "utf8");
const [example] = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);

describe("the README", () => {
  it("has one TypeScript example, and it type-checks", () => {
    expect(example).toContain('from "@sideconvo/mcp"');
    const file = `${here}test-artifacts/readme-example.ts`;
    const errors = compileSnippets(
      { [file]: example },
      { paths: { "@sideconvo/mcp": [`${here}src/index.ts`] }, options: { exactOptionalPropertyTypes: true } },
    );
    expect(errors).toEqual([]);
  });

  it("runs, and prints what its comment says", async () => {
    mkdirSync(`${here}test-artifacts`, { recursive: true });
    // Inside the package, "@sideconvo/mcp" resolves to its own built exports (a self-reference).
    writeFileSync(`${here}test-artifacts/readme-example.mts`, example as string);
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [`${here}test-artifacts/readme-example.mts`],
      {
        cwd: here,
      },
    );
    expect(stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, "")).toBe("");
    expect(stdout).toBe(`${/console\.log\(.*\); \/\/ (.*)/.exec(example as string)?.[1]?.replace(/"/g, "")}\n`);
  });

  it("names in its layout table every source file, and only those", () => {
    const named = [...readme.matchAll(/`src\/([\w-]+\.ts)`/g)].map((match) => match[1]);
    const files = readdirSync(`${here}src`).filter((file) => file.endsWith(".ts"));
    expect(new Set(named)).toEqual(new Set(files));
  });
});
