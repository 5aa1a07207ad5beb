import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import { guideBlocks, PRELUDE } from "@sideconvo/test-kit/guide-code";
import { describe, expect, it } from "vitest";

// Every ```ts block of the landing page and the guides, compiled against the packages' source, so
// that a renamed helper or option breaks this test instead of a reader's copy. (The same blocks are
// compiled against the packed packages in a user's project by @sideconvo/consumer.)
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const repo = join(appDir, "../..");
function compile(files: Record<string, string>): string[] {
  return compileSnippets(files, {
    paths: {
      "@sideconvo/client": [join(repo, "packages/client/src/index.ts")],
      "@sideconvo/mock": [join(repo, "packages/mock/src/index.ts")],
      "@sideconvo/mock/inject": [join(repo, "packages/mock/src/inject.ts")],
      "@sideconvo/sandbox": [join(repo, "packages/sandbox/src/index.ts")],
      "@sideconvo/verify": [join(repo, "packages/verify/src/index.ts")],
    },
  })
    .filter((error) => error.file in files)
    .map((error) => error.message);
}

// Virtual files sit in the docs folder, so that vitest and other imports resolve from its node_modules.
const virtual = (name: string) => join(appDir, "test/build/.guide-code", `${name.replace(/[^\w]+/g, "_")}.ts`);

describe("TypeScript in the landing page and guides", () => {
  const all = guideBlocks();

  it("has blocks to check", () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it("compiles against the packages", () => {
    const files: Record<string, string> = { [virtual("prelude")]: `${PRELUDE}export {};\n` };
    for (const block of all) files[virtual(block.name)] = `${block.code}\nexport {};\n`;
    expect(compile(files)).toEqual([]);
  }, 120_000);

  it("would fail on a block that calls the client wrongly (control)", () => {
    const files = {
      [virtual("prelude")]: `${PRELUDE}export {};\n`,
      [virtual("control")]: "await zd.sideConversations.lisst(42);\nexport {};\n",
    };
    expect(compile(files).join("\n")).toMatch(/lisst/);
  }, 120_000);
});
