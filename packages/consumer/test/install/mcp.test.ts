// @sideconvo/mcp as an agent's host meets it: installed by name with plain npm (--engine-strict) in
// a fresh project, its bin started over stdio by the SDK's own client, on Node 24 and Node 22. A
// whole escalation on the sandbox, a refused mixed-recipient input, and writes refused against an
// account without --allow-writes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { npm } from "../support/npm.js";

const NODES = {
  "Node 24": process.execPath,
  "Node 22": fileURLToPath(new URL("../../../../.toolchain/bin/node22", import.meta.url)),
};

describe.each(Object.entries(NODES))("sideconvo-mcp installed from the tarball, on %s", (label, node) => {
  const app = join(inject("workdir"), `mcp-${label.replace(/\W+/g, "")}`);
  const bin = join(app, "node_modules/@sideconvo/mcp/dist/bin.js");
  let client: Client | undefined;
  let stderr = "";

  beforeAll(async () => {
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "agent-host", private: true, type: "module" }));
    await npm(["install", "@sideconvo/mcp"], { cwd: app, registry: inject("registry"), node });
  }, 600_000);
  afterEach(async () => {
    await client?.close();
    client = undefined;
  });

  const start = async (env: Record<string, string> = {}, args: string[] = []) => {
    const transport = new StdioClientTransport({
      command: node,
      args: [bin, ...args],
      env: { PATH: process.env.PATH ?? "", ...env },
      cwd: app,
      stderr: "pipe",
    });
    stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    client = new Client({ name: "consumer-host", version: "1.0.0" });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown>) =>
      (await (client as Client).callTool({ name, arguments: args })) as CallToolResult;
    return { client, call };
  };
  const data = (result: CallToolResult) => (result.structuredContent ?? {}) as Record<string, unknown>;
  const text = (result: CallToolResult) => (result.content[0] as { text: string }).text;

  it("lists the tools and runs a whole escalation on the sandbox", async () => {
    const { client, call } = await start();
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(8);
    expect(stderr).toContain("practice mode");
    const slack = [{ slack_workspace_id: "T123ABC", slack_channel_id: "C456DEF" }];
    const started = await call("start_side_conversation", {
      ticket_id: 42,
      subject: "Printer",
      body: "Is the printer fixed?",
      to: slack,
    });
    expect(text(started)).toMatch(/^\[sandbox\] Started side conversation/);
    const id = (data(started).side_conversation as { id: string }).id;
    expect(
      (
        await call("reply_to_side_conversation", {
          ticket_id: 42,
          side_conversation_id: id,
          body: "Any news?",
          to: slack,
        })
      ).isError,
    ).toBeFalsy();
    const shown = await call("show_side_conversation", { ticket_id: 42, side_conversation_id: id });
    expect((data(shown).events as { type: string }[]).map((event) => event.type)).toEqual(["create", "reply"]);
    const closed = await call("close_side_conversation", { ticket_id: 42, side_conversation_id: id });
    expect((data(closed).side_conversation as { state: string }).state).toBe("closed");
    const mixed = await call("start_side_conversation", {
      ticket_id: 42,
      body: "Hi",
      to: [{ email: "a@example.com" }, ...slack],
    });
    expect(mixed.isError).toBe(true);
    expect(text(mixed)).toContain(
      "recipients of different types cannot be mixed in one message, got email and Slack recipients",
    );
  });

  it("refuses writes against an account without --allow-writes, and never shows its token", async () => {
    const { call } = await start({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_OAUTH_TOKEN: "consumer-SECRET-token" });
    const refused = await call("start_side_conversation", {
      ticket_id: 42,
      body: "Hi",
      to: [{ email: "a@example.com" }],
    });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(
      /^Writes are off: this server is connected to the account at https:\/\/acme\.zendesk\.com/,
    );
    expect(`${JSON.stringify(refused)}${stderr}`).not.toContain("consumer-SECRET-token");
  });
});
