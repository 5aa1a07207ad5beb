// The server driven by the SDK's own client, in memory: what an agent's host does, without a process.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createSideconvoMcp, type SideconvoMcpOptions } from "../../src/index.js";

export async function connected(options: SideconvoMcpOptions = {}) {
  const logged: string[] = [];
  const mcp = createSideconvoMcp({ log: (line) => logged.push(line), ...options });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  const server = mcp.createServer();
  await server.connect(serverSide);
  const client = new Client({ name: "sideconvo-tests", version: "1.0.0" });
  await client.connect(clientSide);
  /** Calls a tool; the SDK client checks `structuredContent` against the tool's output schema. */
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { mcp, client, call, logged, close: () => client.close() };
}

/** The text of a result's first content block. */
export const textOf = (result: CallToolResult) => {
  const [first] = result.content;
  if (first?.type !== "text") throw new Error(`no text content in ${JSON.stringify(result)}`);
  return first.text;
};

/** A result's structured content (empty when it has none, as a tool error has). */
export const data = (result: CallToolResult) => (result.structuredContent ?? {}) as Record<string, unknown>;
