// The bin's flags and environment, through main() with injected I/O; and the guide's client
// configurations: each server entry it shows starts this server with those arguments.
import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main, type Running } from "../src/index.js";

function io(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  return { io: { env, stdin, stdout, stderr }, out: () => out, err: () => err, stdin };
}

describe("sideconvo-mcp's flags and environment", () => {
  it("prints its help and version", async () => {
    const help = io();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.out()).toContain("Usage: sideconvo-mcp [options]");
    const version = io();
    expect(await main(["-v"], version.io)).toBe(0);
    expect(version.out()).toBe("0.1.0\n");
  });

  it.each([
    [["--bogus"], {}, "Unknown option '--bogus'"],
    [["--http", "--port", "abc"], {}, '--port must be a number from 0 to 65535, got "abc"'],
    [["--http", "--port", "1.5"], {}, '--port must be a whole number, got "1.5"'],
    [["--max-wait", "-1"], {}, "--max-wait"],
    [["--port", "3000"], {}, "--port and --host are for --http"],
    [
      ["--http", "--host", "0.0.0.0"],
      {},
      'host must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"',
    ],
    [[], { ZENDESK_SUBDOMAIN: "acme" }, "ZENDESK_SUBDOMAIN (acme) names an account but no credentials are set"],
    [
      [],
      { SIDECONVO_BASE_URL: "not a url", ZENDESK_OAUTH_TOKEN: "t0k3n-SECRET" },
      'SIDECONVO_BASE_URL must be an absolute URL, got "not a url"',
    ],
  ])("%j with %j: exit 2, saying why", async (argv, env, said) => {
    const run = io(env);
    expect(await main(argv, run.io)).toBe(2);
    expect(run.err()).toContain(said);
    expect(run.err()).not.toContain("t0k3n");
  });

  it("says on stderr which mode it runs in, and never prints a credential", async () => {
    const practice = io();
    const running = (await main([], practice.io)) as Running;
    expect(practice.err()).toContain("practice mode: the sandbox in this process");
    await running.close();
    const account = io({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "t0k3n-SECRET" });
    const live = (await main([], account.io)) as Running;
    expect(account.err()).toContain("account https://acme.zendesk.com; writes off");
    expect(account.err()).not.toContain("t0k3n");
    await live.close();
    const writes = io({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "x1234", SIDECONVO_MCP_ALLOW_WRITES: "1" });
    await ((await main([], writes.io)) as Running).close();
    expect(writes.err()).toContain("writes ALLOWED");
    const forced = io({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "x1234" });
    await ((await main(["--sandbox"], forced.io)) as Running).close();
    expect(forced.err()).toContain("practice mode");
  });

  it("ends when the agent closes stdin", async () => {
    const run = io();
    const running = (await main([], run.io)) as Running;
    run.stdin.end();
    await running.done;
  });
});

describe("the guide's client configurations", () => {
  const guide = readFileSync(new URL("../../../apps/docs/content/guides/ai-agents.md", import.meta.url), "utf8");
  const servers = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].flatMap(([, block]) => {
    const config = JSON.parse(block as string);
    return Object.values(config.mcpServers ?? config.servers) as { command: string; args: string[]; env?: object }[];
  });

  it("shows three, each `npx -y @sideconvo/mcp` with flags this server takes", async () => {
    expect(servers).toHaveLength(3);
    for (const server of servers) {
      expect(server.command).toBe("npx");
      expect(server.args.slice(0, 2)).toEqual(["-y", "@sideconvo/mcp"]);
      const run = io((server.env ?? {}) as NodeJS.ProcessEnv);
      const running = await main(server.args.slice(2), run.io);
      expect(running, run.err()).not.toBe(2);
      await (running as Running).close();
    }
  });

  it("shows the flags and variables the bin has", () => {
    for (const flag of guide.match(/--[a-z][a-z-]+/g) ?? [])
      if (!["--http", "--port", "--allow-writes", "--sandbox", "--max-wait"].includes(flag))
        throw new Error(`the guide names ${flag}`);
    for (const name of guide.match(/\b(ZENDESK|SIDECONVO)_[A-Z_]+/g) ?? [])
      expect([
        "ZENDESK_SUBDOMAIN",
        "ZENDESK_CLIENT_ID",
        "ZENDESK_CLIENT_SECRET",
        "ZENDESK_OAUTH_TOKEN",
        "ZENDESK_EMAIL",
        "ZENDESK_API_TOKEN",
        "SIDECONVO_BASE_URL",
        "SIDECONVO_MCP_ALLOW_WRITES",
      ]).toContain(name);
  });
});
