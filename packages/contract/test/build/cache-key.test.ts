import { execFileSync } from "node:child_process";
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
