import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedIds, exportServer, ids } from "../support/export-server.js";
import { hasScript, inTerminal, plain } from "../support/pty.js";
import { credentials, spawnCli } from "../support/run.js";

// Ctrl-C typed by a person: the byte \x03 into a pseudo-terminal, where the terminal (not the
// test) turns it into SIGINT. A spinner that put the terminal in raw mode would swallow it.
let server: Awaited<ReturnType<typeof exportServer>>;
beforeAll(async () => {
  server = await exportServer(150); // about 4 s in all: time to type
});
afterAll(() => server.close());

const title = hasScript ? "Ctrl-C typed in a terminal" : "Ctrl-C (skipped: util-linux `script` is missing)";

describe.skipIf(!hasScript)(title, () => {
  it.each([
    ["a 100-column terminal, with the spinner", 100],
    ["a terminal of no size (no spinner: ora would redraw forever)", undefined],
  ])(
    "stops an export in %s with exit 130, its checkpoint saved; the same command resumes it exactly",
    async (_, columns) => {
      const dir = mkdtempSync(join(tmpdir(), "sideconvo-ctrl-c-"));
      const out = join(dir, "events.ndjson");
      const cp = join(dir, "cp.json");
      const args = ["export", "--since", "0", "--out", out, "--checkpoint", cp];
      const env = { SIDECONVO_BASE_URL: server.url, ...credentials };
      const terminal = inTerminal(args, env, columns);
      if (columns) await terminal.waitFor("exporting"); // the spinner is up
      const deadline = Date.now() + 10_000;
      while (!(existsSync(out) && statSync(out).size > 0) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      terminal.type("\u0003");
      expect(await terminal.exited).toBe(130);
      expect(plain(terminal.screen)).toMatch(/Interrupted after [\d,]+ events; resume with the same --checkpoint/);
      const written = ids(out);
      expect(written.length).toBeLessThan(expectedIds.length); // it stopped before the end
      expect(JSON.parse(readFileSync(cp, "utf8")).outBytes).toBe(statSync(out).size);
      const resumed = await spawnCli(args, env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(ids(out)).toEqual(expectedIds);
    },
  );
});
