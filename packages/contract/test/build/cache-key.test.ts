import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The live-account test runs only with account variables set: they are part of this suite's turbo
// cache key (`env`, not `passThroughEnv`), so a run with an account is never served from a run
// without one. Turbo keeps a hash of each value in its key, never the value.
const root = fileURLToPath(new URL("../../../..", import.meta.url));

function task(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ZENDESK_")));
  const dry = execFileSync("pnpm", ["exec", "turbo", "run", "test", "--filter=@sideconvo/contract", "--dry=json"], {
    cwd: root,
    env: { ...clean, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const found = (JSON.parse(dry) as { tasks: { taskId: string; hash: string }[] }).tasks.find(
    (t) => t.taskId === "@sideconvo/contract#test",
  );
  if (!found) throw new Error("turbo's dry run has no @sideconvo/contract#test");
  return { hash: found.hash, dry };
}

describe("the contract suite's cache key", () => {
  it("differs with an account's variables set, and holds no secret", () => {
    const without = task({});
    const withAccount = task({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "live-secret-4b1d" });
    const otherToken = task({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "another-secret-77c2" });
    expect(withAccount.hash).not.toBe(without.hash);
    expect(otherToken.hash).not.toBe(withAccount.hash);
    expect(task({}).hash).toBe(without.hash); // the control: nothing else moves it
    expect(withAccount.dry).not.toContain("live-secret-4b1d");
  }, 60_000);
});

/** Every task's hash in the run `npm test` makes (build, lint, typecheck, test of every package). */
function hashes(): Map<string, string> {
  const dry = execFileSync("pnpm", ["exec", "turbo", "run", "build", "lint", "typecheck", "test", "--dry=json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64e6,
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Map(
    (JSON.parse(dry) as { tasks: { taskId: string; hash: string }[] }).tasks.map((t) => [t.taskId, t.hash]),
  );
}

/** The tasks whose hash a change to `file` moves (a comment appended, then the file restored). */
function movedBy(file: string): string[] {
  const path = `${root}/${file}`;
  const before = hashes();
  const text = readFileSync(path, "utf8");
  try {
    appendFileSync(path, "\n// a comment, to see what it re-runs\n");
    const after = hashes();
    return [...after]
      .filter(([id, hash]) => before.get(id) !== hash)
      .map(([id]) => id)
      .sort();
  } finally {
    writeFileSync(path, text);
  }
}

describe("what a change re-runs", () => {
  it("a comment in one package's test: that package's lint, type-check and tests, nothing else", () => {
    expect(movedBy("packages/client/test/size/size.test.ts")).toEqual([
      "@sideconvo/client#lint",
      "@sideconvo/client#test",
      "@sideconvo/client#typecheck",
    ]);
    expect(movedBy("packages/sandbox/test/node/cli.test.ts")).toEqual([
      "@sideconvo/sandbox#lint",
      "@sideconvo/sandbox#test",
      "@sideconvo/sandbox#typecheck",
    ]);
  }, 120_000);

  it("a comment in a package's source: its build, and every suite that uses it (control)", () => {
    const moved = movedBy("packages/client/src/sleep.ts");
    expect(moved).toContain("@sideconvo/client#build");
    expect(moved).toContain("@sideconvo/cli#test");
    expect(moved).toContain("@sideconvo/consumer#test");
    expect(moved.length).toBeGreaterThan(10);
  }, 120_000);
});
