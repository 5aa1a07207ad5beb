import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { json, loopback } from "../support/loopback.js";
import { credentials, expectNoSecret, spawnCli } from "../support/run.js";

// The built binary (dist/cli.js) as a child process: what the in-process tests cannot show. Its
// shebang and ESM entry start, commander writes help through the process's stdout, an exit code
// reaches the shell (0, a mapped error, verify's own 1), and the system clock's real retries run.
// Signals, pipes and the terminal have their own spawned tests (export/resume, output/pipe,
// interactive/terminal); the consumer package runs the installed binary from its tarball.
const mockUrl = inject("sideconvoMockUrl");
const env = { SIDECONVO_BASE_URL: mockUrl, ...credentials };

describe("the built sideconvo binary", () => {
  it("shows its help and exits 0", async () => {
    const help = await spawnCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sideconvo /);
  });

  it("reads from the mock: a table on stdout, the count on stderr, exit 0", async () => {
    const listed = await spawnCli(["list", "42"], env);
    expect(listed.stderr).toBe("2 found\n"); // the count goes to stderr, the table to stdout
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+STATE/);
    expectNoSecret(listed.stdout);
  });

  it("maps a server error to its exit code after real retries, on the system clock", async () => {
    const failing = await loopback((_request, response) => json(response, 503, { error: "Unavailable" }));
    try {
      const result = await spawnCli(["show", "42", "abc"], { SIDECONVO_BASE_URL: failing.url, ...credentials });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("503");
      expect(failing.seen.length).toBeGreaterThan(1); // retried, with real waits between
    } finally {
      await failing.close();
    }
  });

  it("exits with verify's own code and writes its report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-smoke-"));
    const result = await spawnCli(["verify", "--junit", join(dir, "v.xml")], env);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, "v.xml"), "utf8")).toContain("<testsuites");
  });
});
