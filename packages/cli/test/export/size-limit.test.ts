import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedIds, exportServer, ids } from "../support/export-server.js";
import { cliPath, credentials, spawnCli } from "../support/run.js";

// The kernel's own file-size limit (`ulimit -f`, counted in 1,024-byte blocks): the write that
// crosses it is short, the next fails with EFBIG. The built binary runs under it.
let server: Awaited<ReturnType<typeof exportServer>>;
beforeAll(async () => {
  server = await exportServer(0);
});
afterAll(() => server.close());

const env = () => ({ SIDECONVO_BASE_URL: server.url, ...credentials });

function underLimit(blocks: number, args: string[]) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn("bash", ["-c", `ulimit -f ${blocks} && exec "$0" "$@"`, process.execPath, cliPath, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("export under a file-size limit", () => {
  it("stops with exit 9 naming the limit, and the resume without it writes every event once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-efbig-"));
    const out = join(dir, "events.ndjson");
    const cp = join(dir, "cp.json");
    const args = ["export", "--since", "0", "--out", out, "--checkpoint", cp];
    const limited = await underLimit(600, args);
    expect(limited.code, limited.stderr).toBe(9);
    expect(limited.stderr).toContain(`could not write "${out}": the file reached the size limit (EFBIG).`);
    expect(statSync(out).size).toBeLessThanOrEqual(600 * 1024);
    const written = ids(out); // whole lines only
    expect(written).toEqual(expectedIds.slice(0, written.length));
    const saved = JSON.parse(readFileSync(cp, "utf8"));
    expect(saved.outBytes).toBeLessThanOrEqual(statSync(out).size);

    // A run under the same limit fails the same way and still moves nothing past the disk.
    expect((await underLimit(600, args)).code).toBe(9);
    const resumed = await spawnCli(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/Exported [\d,]+ new events \(12,000 in total/);
    expect(ids(out)).toEqual(expectedIds);
  });
});
