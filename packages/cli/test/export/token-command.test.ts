import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tokenCommand } from "../../src/env.js";

// ZENDESK_OAUTH_TOKEN_COMMAND's provider on its own: which token it keeps when runs overlap.
describe("the token command's provider", () => {
  it("keeps a later run's token when an earlier run fails after it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-token-"));
    const runs = join(dir, "runs");
    const first = join(dir, "first");
    // The first run (the one that makes the directory, atomically) fails slowly; any later one
    // prints its token at once.
    const command = `echo run >> "${runs}"; if mkdir "${first}" 2>/dev/null; then sleep 0.3; exit 1; fi; echo token-later`;
    const provider = tokenCommand(command, { PATH: process.env.PATH ?? "" });
    const earlier = provider({ refresh: false });
    // The later run starts once the earlier one is under way, so the order never depends on the scheduler.
    while (!existsSync(first)) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await provider({ refresh: true })).toBe("token-later");
    await expect(earlier).rejects.toThrow("ZENDESK_OAUTH_TOKEN_COMMAND exited with 1");
    expect(await provider({ refresh: false })).toBe("token-later"); // kept: the command is not run again
    expect(readFileSync(runs, "utf8").trim().split("\n")).toHaveLength(2);
  });
});
