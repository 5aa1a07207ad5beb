import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { describe, expect, it } from "vitest";
import { freePort, MockStartError, startMock } from "../src/index.js";

const auth = { authorization: `Basic ${btoa("agent@example.com/token:x")}` };

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

describe("startMock", () => {
  it("serves the spec's examples once it resolves, and frees the port on stop", async () => {
    const mock = await startMock({ port: 0 });
    const port = Number(new URL(mock.url).port);
    try {
      const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations`, { headers: auth });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { side_conversations: unknown[] };
      expect(body.side_conversations.length).toBeGreaterThan(0);
      const notFound = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations`, {
        headers: { ...auth, prefer: "code=404" },
      });
      expect(notFound.status).toBe(404);
      expect(await notFound.json()).toMatchObject({ error: "RecordNotFound" });
    } finally {
      await mock.stop();
    }
    expect(await portIsFree(port)).toBe(true);
    await mock.stop(); // a second stop is harmless
  });

  it("answers a request that breaks the spec with 400 (as the vendor documents) and the violation", async () => {
    const mock = await startMock({ port: 0 });
    try {
      const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ message: { to: [] } }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("sl-violations")).toContain("message.to");
    } finally {
      await mock.stop();
    }
  });

  it("with stateful, says that this process answers (no Prism): pid is ours, prismUrl the sandbox's", async () => {
    const mock = await startMock({ port: 0, stateful: { seed: "empty" } });
    try {
      expect(mock.pid).toBe(process.pid);
      expect(mock.prismUrl).toBe(mock.url);
    } finally {
      await mock.stop();
    }
  });

  it("rejects with a message naming the port when it is taken, before starting Prism", async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    try {
      // A spec that does not exist: had Prism been started, its error about the spec would come
      // instead. The port's error shows the port was checked first (no timing involved).
      const spec = join(tmpdir(), `sideconvo-no-such-spec-${process.pid}.json`);
      const error = await startMock({ port, spec }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MockStartError);
      expect((error as Error).message).toBe(`could not listen on 127.0.0.1:${port}: EADDRINUSE, the port is in use`);
    } finally {
      blocker.close();
    }
  });

  it("rejects with Prism's message for a spec it cannot read", async () => {
    const broken = join(tmpdir(), `sideconvo-broken-${process.pid}.json`);
    writeFileSync(broken, "{ not json");
    const error = await startMock({ port: 0, spec: broken, startTimeoutMs: 15_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as Error).message).toMatch(/before it was listening.*Error parsing .*sideconvo-broken/);
  });

  it.each([
    [{ port: -1 }, /port must be an integer/],
    [{ port: 70_000 }, /port must be an integer/],
    [{ port: 1.5 }, /port must be an integer/],
    [{ upstream: "not a url" }, /upstream must be an absolute URL/],
  ])("refuses %j before starting anything", async (options, message) => {
    await expect(startMock(options)).rejects.toThrow(message);
  });
});

describe("no Prism outlives its parent", () => {
  // SIGKILL runs no handler in the parent: Prism goes because its IPC channel to the parent closes.
  it.each(["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"] as const)(
    "when a script using startMock gets %s",
    async (signal) => {
      const port = await freePort();
      const entry = fileURLToPath(new URL("../dist/index.js", import.meta.url));
      const script = `import { startMock } from ${JSON.stringify(entry)};
      const mock = await startMock({ port: ${port} });
      console.log("ready", mock.pid);
      setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      const pid = await new Promise<number>((resolve) =>
        child.stdout.on("data", (chunk) => resolve(Number(/ready (\d+)/.exec(String(chunk))?.[1]))),
      );
      const exited = new Promise((resolve) => child.once("exit", (code, killedBy) => resolve(killedBy ?? code)));
      child.kill(signal);
      expect(await exited).toBe(signal);
      const alive = () => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      // Within a few seconds: the port is free and the Prism process is gone.
      for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(alive()).toBe(false);
      expect(await portIsFree(port)).toBe(true);
    },
  );
});

describe("the sideconvo-mock command", () => {
  const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

  function run(args: string[]) {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    return { child, exit, out: () => out, err: () => err };
  }

  it("prints its URL, serves, and stops cleanly on Ctrl-C", async () => {
    const port = await freePort();
    const cmd = run(["--port", String(port)]);
    for (let i = 0; i < 1200 && !cmd.out().includes("listening on"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cmd.out()).toContain(`sideconvo-mock listening on http://127.0.0.1:${port}`);
    const response = await fetch(`http://127.0.0.1:${port}/api/v2/tickets/1/side_conversations`, { headers: auth });
    expect(response.status).toBe(200);
    cmd.child.kill("SIGINT");
    expect(await cmd.exit).toBe(0);
    expect(await portIsFree(port)).toBe(true);
  });

  it("explains a bad flag with exit code 2", async () => {
    const cmd = run(["--port", "lots"]);
    expect(await cmd.exit).toBe(2);
    expect(cmd.err()).toContain('--port must be a number from 0 to 65535 (got "lots")');
    const unknown = run(["--colour"]);
    expect(await unknown.exit).toBe(2);
    expect(unknown.err()).toMatch(/Unknown option '--colour'/);
  });

  it.each([
    [["--data", "x.json"], 2, "--data needs --stateful"],
    [["--stateful", "--faults", "2"], 2, '--faults must be a share from 0 to 1 (got "2")'],
    [["--stateful", "--time-scale", "fast", "--rate-limits"], 2, '--time-scale must be a positive number (got "fast")'],
    [["--stateful", "--export-page-size", "0"], 2, '--export-page-size must be a positive integer (got "0")'],
    [
      ["--stateful", "--seed", "no-such-seed.json", "--port", "0"],
      1,
      "the sandbox cannot start: seed no-such-seed.json: cannot read it (ENOENT)",
    ],
  ])("refuses the sandbox flags %j, naming the problem", async (args, code, message) => {
    const cmd = run(args);
    expect(await cmd.exit).toBe(code);
    expect(cmd.err()).toContain(message);
  });

  it("starts the sandbox with --stateful, and a write is there to read", async () => {
    const port = await freePort();
    const cmd = run(["--stateful", "--seed", "empty", "--port", String(port)]);
    for (let i = 0; i < 1200 && !cmd.out().includes("listening on"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cmd.out()).toContain(`listening on http://127.0.0.1:${port}`);
    // The sandbox checks tokens: one from its own OAuth client (client credentials).
    const access_token = await sandboxToken(`http://127.0.0.1:${port}`);
    const upload = new FormData();
    upload.append("file", new Blob(["log line"], { type: "text/plain" }), "printer.log");
    const uploaded = await fetch(`http://127.0.0.1:${port}/api/v2/tickets/side_conversations/attachments.json`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}` },
      body: upload,
    });
    expect(uploaded.status).toBe(201);
    const state = (await (await fetch(`http://127.0.0.1:${port}/__sandbox/state`)).json()) as {
      attachments: unknown[];
    };
    expect(state.attachments).toEqual([expect.objectContaining({ name: "printer.log", size: 8 })]);
    cmd.child.kill("SIGINT");
    expect(await cmd.exit).toBe(0);
  });

  it("shows help with an example", async () => {
    const cmd = run(["--help"]);
    expect(await cmd.exit).toBe(0);
    expect(cmd.out()).toContain("Prefer: code=404");
  });
});
