import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedIds as expected, exportServer, ids, PAGE, TOTAL } from "../support/export-server.js";
import { cliPath, credentials, run } from "../support/run.js";

let server: Awaited<ReturnType<typeof exportServer>>;
beforeAll(async () => {
  server = await exportServer();
});
afterAll(() => server.close());

const env = () => ({ PATH: process.env.PATH ?? "", SIDECONVO_BASE_URL: server.url, ...credentials });

/** Starts the export and kills it (SIGKILL, no chance to clean up) once `bytes` are written. */
function killedAt(args: string[], out: string, bytes: number, signal: NodeJS.Signals) {
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: env(), stdio: ["ignore", "ignore", "pipe"] });
    const poll = setInterval(() => {
      if (existsSync(out) && statSync(out).size >= bytes) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 5);
    child.on("error", reject);
    child.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve(sig ? -1 : code);
    });
  });
}

describe("export --checkpoint", () => {
  it("an uninterrupted run writes every event once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const result = await run(["export", "--since", "0", "--out", join(dir, "all.ndjson")], env());
    expect(result.code, result.stderr).toBe(0);
    expect(ids(join(dir, "all.ndjson"))).toEqual(expected);
    expect(server.seen.length).toBeGreaterThan(TOTAL / PAGE); // boundary repeats make more pages than TOTAL/PAGE
  });

  it("killed (SIGKILL) twice midway and resumed, it writes exactly the events of an uninterrupted run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const out = join(dir, "events.ndjson");
    const args = ["export", "--since", "0", "--out", out, "--checkpoint", join(dir, "cp.json")];
    const size = 12_000 * 150; // roughly the whole file
    expect(await killedAt(args, out, size * 0.25, "SIGKILL")).toBe(-1);
    const partial = ids(out).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(TOTAL);
    expect(await killedAt(args, out, size * 0.7, "SIGKILL")).toBe(-1);
    const resumed = await run(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ids(out)).toEqual(expected);
  });

  it("interrupted (SIGINT) it saves its checkpoint, exits 130, and resumes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const out = join(dir, "events.ndjson");
    const args = ["export", "--since", "0", "--out", out, "--checkpoint", join(dir, "cp.json")];
    expect(await killedAt(args, out, 500_000, "SIGINT")).toBe(130);
    const saved = JSON.parse(readFileSync(join(dir, "cp.json"), "utf8"));
    expect(saved.outBytes).toBe(statSync(out).size); // the checkpoint covers exactly what was written
    const resumed = await run(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ids(out)).toEqual(expected);
  });

  it("refuses a damaged checkpoint, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const cp = join(dir, "cp.json");
    await import("node:fs").then(({ writeFileSync }) =>
      writeFileSync(cp, '{"version":1,"checkpoint":{"startTime":"soon"}}'),
    );
    const result = await run(["export", "--checkpoint", cp, "--out", join(dir, "x.ndjson")], env());
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`the checkpoint "${cp}" is not a sideconvo export checkpoint`);
  });
});
