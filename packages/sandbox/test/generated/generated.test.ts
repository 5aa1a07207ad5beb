import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// turbo's `generate` task rewrites src/generated from the bundled spec before this test runs.
// If the rewrite changed anything, the committed types had drifted from the spec.
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

function gitStatus(path: string): string | null {
  try {
    return execFileSync("git", ["status", "--porcelain", "--", path], { cwd: packageDir, encoding: "utf8" });
  } catch {
    return null;
  }
}

const status = gitStatus("src/generated");

describe("generated types, validators and examples", () => {
  it.skipIf(status === null)(
    "are committed exactly as the spec generates them (skipped outside a git checkout, where there is nothing to compare with)",
    () => {
      expect(status, "run `pnpm generate` and commit src/generated").toBe("");
    },
  );
});
