import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@sideconvo/mock";
import { afterEach, describe, expect, it } from "vitest";
import { hasScript, inTerminal, plain } from "../support/pty.js";
import { cliPath, sandboxCredentials as credentials, expectNoSecret, run } from "../support/run.js";

// `sideconvo mock --stateful --data FILE` as a child process, and the CLI against it as a person
// uses it: the vendor's create tutorial (subject, body, recipients and ticket asked for in a
// terminal), read back with `show`; then the sandbox stopped and started again on the same file,
// where the next commands see what the first ones wrote.
const dir = mkdtempSync(join(tmpdir(), "sideconvo-cli-sandbox-"));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGINT");
});

async function sandbox(data: string): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [cliPath, "mock", "--stateful", "--port", String(port), "--data", data], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  child.stderr.on("data", (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  for (let i = 0; i < 1200 && !out.includes("Sandbox API on"); i++) await new Promise((r) => setTimeout(r, 50));
  expect(out).toContain(`Sandbox API on http://127.0.0.1:${port}: writes are kept in ${data}`);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}

const title = hasScript
  ? "sideconvo against the stateful sandbox"
  : "sideconvo against the stateful sandbox (skipped: util-linux `script`, which makes the pseudo-terminal, is missing)";

describe.skipIf(!hasScript)(title, () => {
  it("runs the create tutorial in a terminal, reads it back, and keeps it across a restart", async () => {
    const data = join(dir, "sandbox.json");
    const first = await sandbox(data);
    const env = { SIDECONVO_BASE_URL: first.url, ...credentials, NO_COLOR: "1" };

    // The tutorial's script asks for the subject, body, recipients and ticket; the CLI asks the same.
    const terminal = inTerminal(["create"], env);
    await terminal.answer([
      ["Ticket id:", "42"],
      ["Subject:", "printer not working"],
      ["Message:", "Try unplugging the printer, wait 30 seconds, and then plug it back in"],
      ["Recipients (comma-separated):", "chris@example.com, bear@example.com"],
    ]);
    await terminal.waitFor("Created side conversation");
    terminal.end();
    expect(await terminal.exited).toBe(0);
    const id = /Created side conversation (\S+) on ticket 42/.exec(plain(terminal.screen))?.[1] ?? "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expectNoSecret(terminal.screen);

    const shown = await run(["show", "42", id], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain("printer not working");
    expect(shown.stdout).toContain("chris@example.com");
    expect(await first.stop()).toBe(0);

    // Another sandbox on the same file: the side conversation is still there, and changes stick.
    const second = await sandbox(data);
    const again = { ...env, SIDECONVO_BASE_URL: second.url };
    const listed = await run(["list", "42"], again);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect((await run(["reply", "42", id, "--body", "Did that help?", "--to", "chris@example.com"], again)).code).toBe(
      0,
    );
    expect((await run(["close", "42", id], again)).code).toBe(0);
    const closed = await run(["show", "42", id, "--events"], again);
    expect(closed.stdout).toMatch(/closed/);
    expect(closed.stdout).toContain("Did that help?");
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it("says what is wrong with --data without --stateful, in one sentence, exit 2", async () => {
    const result = await run(["mock", "--data", join(dir, "x.json")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--data needs --stateful: the stateless mock keeps nothing");
  });
});
