// `sideconvo mcp`: the built CLI started by the SDK's own client over stdio, as an agent's host
// starts it; signed in the CLI's way, and practising on the sandbox when no account is named.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function start(env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp"],
    env: { PATH: process.env.PATH ?? "", SIDECONVO_CONFIG_DIR: "/nonexistent-sideconvo-test", ...env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  client = new Client({ name: "cli-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe("sideconvo mcp", () => {
  it("serves the tools over stdio, on the sandbox when no account is named", async () => {
    const { client, stderr } = await start({});
    expect((await client.listTools()).tools).toHaveLength(8);
    const listed = (await client.callTool({
      name: "list_side_conversations",
      arguments: { ticket_id: 42 },
    })) as CallToolResult;
    expect(listed.structuredContent).toMatchObject({ environment: "sandbox" });
    expect(stderr()).toContain("practice mode");
  });

  it("signs in the CLI's way against a named account, with writes off", async () => {
    const { client, stderr } = await start({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "cli-SECRET-token" });
    const refused = (await client.callTool({
      name: "close_side_conversation",
      arguments: { ticket_id: 42, side_conversation_id: "abc" },
    })) as CallToolResult;
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused)).toContain(
      "Writes are off: this server is connected to the account at https://acme.zendesk.com",
    );
    expect(`${JSON.stringify(refused)}${stderr()}`).not.toContain("cli-SECRET-token");
  });

  it("a named account without credentials: the CLI's sentence and a failing exit, no server", () => {
    const ran = spawnSync(process.execPath, [CLI, "mcp"], {
      env: { PATH: process.env.PATH, ZENDESK_SUBDOMAIN: "acme", SIDECONVO_CONFIG_DIR: "/nonexistent-sideconvo-test" },
      encoding: "utf8",
      input: "",
    });
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toMatch(/sign in|login|credentials/i);
  });

  it("a bad flag: the server's sentence and a usage exit", () => {
    const ran = spawnSync(process.execPath, [CLI, "mcp", "--bogus"], {
      env: { PATH: process.env.PATH },
      encoding: "utf8",
      input: "",
    });
    expect(ran.status).toBe(2);
    expect(ran.stderr).toContain("Unknown option '--bogus'");
  });
});
