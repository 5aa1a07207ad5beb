// sideconvo-sandbox, the sandbox's own command: started as a shell starts it (the built bin, no
// Prism), its flags checked where they are defined (shared with sideconvo-mock --stateful), and
// stopped by SIGTERM.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listeningUrl } from "@sideconvo/test-kit/listening";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { afterEach, describe, expect, it } from "vitest";
import { parseSandboxFlags, SANDBOX_FLAG_OPTIONS } from "../../src/node/index.js";

const BIN = fileURLToPath(new URL("../../dist/node/cli.js", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const url = await listeningUrl(child);
  return { child, url };
}

describe("sideconvo-sandbox", () => {
  it("serves the API, keeps a write in its data file, and stops on SIGTERM", async () => {
    const data = join(mkdtempSync(join(tmpdir(), "sideconvo-sandbox-bin-")), "state.ndjson");
    const { child, url } = await start(["--data", data, "--seed", "empty"]);
    const token = await sandboxToken(url);
    const created = await fetch(`${url}/api/v2/tickets/5/side_conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ message: { body: "From a shell", to: [{ email: "team@example.com" }] } }),
    });
    expect(created.status).toBe(201);
    const listed = await fetch(`${url}/api/v2/tickets/5/side_conversations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await listed.json()) as { count: number }).count).toBe(1);
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(readFileSync(data, "utf8")).toContain("From a shell");
  });

  it.each([
    [["--port", "70000"], '--port must be a number from 0 to 65535 (got "70000")'],
    [["--recover"], "--recover needs --data FILE: it recovers a data file"],
    [["--faults", "2"], '--faults must be a share from 0 to 1 (got "2")'],
    [["--time-scale", "10"], "--time-scale needs --rate-limits"],
    [["--stateful"], "Unknown option '--stateful'"],
  ])("%j: exit 2 naming the flag and the value", (args, said) => {
    const ran = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain(said);
    expect(ran.stderr).toContain("Usage: sideconvo-sandbox");
  });

  it("prints its help with every flag it takes", () => {
    const ran = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(ran.status).toBe(0);
    for (const flag of ["--port", "--host", ...Object.keys(SANDBOX_FLAG_OPTIONS).map((name) => `--${name}`)])
      expect(ran.stdout).toContain(flag);
  });

  it("parses flags into the server's options", () => {
    expect(
      parseSandboxFlags(["--rate-limits", "--time-scale", "60", "--faults", "0.1", "--fault-seed", "7"]).options,
    ).toEqual({
      port: 4011,
      host: "127.0.0.1",
      rateLimits: { timeScale: 60 },
      faults: { rate: 0.1, seed: 7 },
    });
  });
});
