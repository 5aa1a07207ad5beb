import { spawn } from "node:child_process";
import { freePort } from "@sideconvo/mock";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { describe, expect, it } from "vitest";
import { cliPath, run } from "../support/run.js";

// `sideconvo mock` takes @sideconvo/mock's flags, defined once there: the sandbox flags of
// `sideconvo-mock` too (they used to be missing here, checked by a second copy of the rules).
describe("sideconvo mock's flags are sideconvo-mock's", () => {
  it("lists every sandbox flag in its help", async () => {
    const help = await run(["mock", "--help"]);
    expect(help.code).toBe(0);
    for (const flag of [
      "--stateful",
      "--data",
      "--seed",
      "--export-page-size",
      "--rate-limits",
      "--time-scale",
      "--faults",
      "--fault-seed",
      "--dynamic",
      "--upstream",
    ])
      expect(help.stdout, flag).toContain(flag);
  });

  it("starts the sandbox with rate limits, a time scale, faults and a page size, and answers", async () => {
    const port = await freePort();
    const args = ["mock", "--stateful", "--port", String(port), "--rate-limits", "--time-scale", "60"];
    const child = spawn(process.execPath, [cliPath, ...args, "--faults", "0", "--export-page-size", "4"], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      for (let i = 0; i < 1200 && !out.includes("Sandbox API on") && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain(`Sandbox API on http://127.0.0.1:${port}`);
      // The sandbox checks tokens: one from its own OAuth client (client credentials).
      const access_token = await sandboxToken(`http://127.0.0.1:${port}`);
      const answer = await fetch(`http://127.0.0.1:${port}/api/v2/tickets/side_conversations/events?start_time=0`, {
        headers: { authorization: `Bearer ${access_token}` },
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { events: unknown[] }).events.length).toBeLessThanOrEqual(4);
    } finally {
      child.kill("SIGINT");
      await exited;
    }
  }, 120_000);
});
