// The Streamable HTTP face: the SDK's client over real HTTP, sessions sharing the one sandbox, and
// the refusals that keep a web page from driving it (loopback only, Host and Origin checked).
import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSideconvoMcp, type HttpFace, startHttp } from "../src/index.js";

let face: HttpFace;
beforeAll(async () => {
  face = await startHttp(createSideconvoMcp(), { port: 0 });
});
afterAll(() => face.close());

const session = async () => {
  const client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(face.url)));
  return client;
};

/** A raw request with headers fetch will not let a caller set (Host). */
const raw = (headers: Record<string, string>, path = "/mcp") =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const url = new URL(face.url);
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });

describe("the Streamable HTTP face", () => {
  it("serves the SDK's client on loopback; two sessions share the sandbox", async () => {
    expect(face.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const [first, second] = [await session(), await session()];
    expect((await first.listTools()).tools).toHaveLength(8);
    const started = (await first.callTool({
      name: "start_side_conversation",
      arguments: { ticket_id: 9001, body: "Over HTTP", to: [{ email: "team@example.com" }] },
    })) as CallToolResult;
    expect(started.isError).toBeFalsy();
    const listed = (await second.callTool({
      name: "list_side_conversations",
      arguments: { ticket_id: 9001 },
    })) as CallToolResult;
    expect(listed.structuredContent?.side_conversations).toHaveLength(1);
    await Promise.all([first.close(), second.close()]);
  });

  it.each([
    [{ host: "evil.example" }, 403, "Invalid Host header: evil.example"],
    [{ host: "127.0.0.1.nip.io:80" }, 403, "Invalid Host header"],
    [{ origin: "https://evil.example" }, 403, "Invalid Origin header: https://evil.example"],
    [{ origin: "null" }, 403, "Invalid Origin header: null"],
  ])("refuses %j (DNS rebinding)", async (headers, status, said) => {
    const answer = await raw(headers);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({
      jsonrpc: "2.0",
      error: { code: -32000, message: expect.stringContaining(said) },
    });
  });

  it("answers another path 404, naming the endpoint, and a request without a session 400", async () => {
    expect(await raw({}, "/")).toMatchObject({
      status: 404,
      body: expect.stringContaining("the MCP endpoint is /mcp"),
    });
    const get = await fetch(face.url);
    expect(get.status).toBe(400);
    expect(await get.text()).toContain("no session");
    const unknown = await fetch(face.url, { method: "POST", headers: { "mcp-session-id": "nope" }, body: "{}" });
    expect(unknown.status).toBe(404);
  });

  it.each([
    [{ host: "0.0.0.0" }, 'host must be a loopback address (127.0.0.1, ::1 or localhost), got "0.0.0.0"'],
    [{ port: 70000 }, "port must be an integer from 0 to 65535, got 70000"],
  ])("refuses to listen with %j", async (options, said) => {
    await expect(startHttp(createSideconvoMcp(), options)).rejects.toThrow(said);
  });
});
