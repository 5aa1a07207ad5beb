import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { freePort } from "@sideconvo/mock";
import { describe, expect, it } from "vitest";

// `npm start`'s last step (scripts/start.mjs, after set-up and build) on the ports a reader picks,
// and what it says when one is taken. The mock and this site are built before this package's tests.
const script = new URL("../../../../scripts/start.mjs", import.meta.url).pathname;

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return {
    output: () => output,
    exited,
    async until(text: string, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text) && child.exitCode === null && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      return output.includes(text);
    },
    stop: () => child.kill("SIGINT"),
  };
}

describe("npm start's ports", () => {
  it("serves the mock and the docs on the ports given by flag and by environment", async () => {
    const [mockPort, docsPort] = [await freePort(), await freePort()];
    const running = start(["--mock-port", String(mockPort)], { DOCS_PORT: String(docsPort) });
    try {
      // The last line of the banner: the lines come in more than one write.
      expect(await running.until("docs site  http"), running.output()).toBe(true);
      expect(running.output()).toContain(`mock API   http://127.0.0.1:${mockPort}`);
      expect(running.output()).toContain(`docs site  http://127.0.0.1:${docsPort}`);
      const api = await fetch(`http://127.0.0.1:${mockPort}/api/v2/tickets/42/side_conversations`, {
        headers: { authorization: `Basic ${btoa("you@example.com/token:any")}` },
      });
      expect(api.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${docsPort}/`)).status).toBe(200);
    } finally {
      running.stop();
      expect(await running.exited).toBe(0);
    }
  }, 120_000);

  it("says in one sentence which port is taken and how to choose another, and exits 1", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const refused = start([], { MOCK_PORT: String(await freePort()), DOCS_PORT: String(port) });
      expect(await refused.exited).toBe(1);
      expect(refused.output().trim()).toBe(
        `[start] port ${port} (docs site) is taken: stop what uses it, or choose another with --docs-port N (npm start -- --docs-port N) or DOCS_PORT=N.`,
      );
    } finally {
      taken.close();
    }
  });

  it("refuses a port that is not one, naming it", async () => {
    const refused = start(["--mock-port", "lots"], {});
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('[start] --mock-port (or MOCK_PORT) must be a port from 1 to 65535, got "lots"');
  });
});
