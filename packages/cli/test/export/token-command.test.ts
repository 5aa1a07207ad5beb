import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tokenCommand } from "../../src/env.js";

// ZENDESK_OAUTH_TOKEN_COMMAND's provider on its own: which token it keeps when runs overlap.
describe("the token command's provider", () => {
  it("keeps a later run's token when an earlier run fails after it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-token-"));
    const counter = join(dir, "n");
    writeFileSync(counter, "0");
    // The first run fails slowly; every later one prints token-<n> at once.
    const command = `n=$(cat "${counter}"); echo $((n + 1)) > "${counter}"; if [ "$n" = 0 ]; then sleep 0.3; exit 1; fi; echo token-$n`;
    const provider = tokenCommand(command, { PATH: process.env.PATH ?? "" });
    const first = provider({ refresh: false });
    const fresh = await provider({ refresh: true });
    expect(fresh).toBe("token-1");
    await expect(first).rejects.toThrow("ZENDESK_OAUTH_TOKEN_COMMAND exited with 1");
    expect(await provider({ refresh: false })).toBe("token-1"); // kept: the command is not run again
    expect(readFileSync(counter, "utf8").trim()).toBe("2");
  });
});
