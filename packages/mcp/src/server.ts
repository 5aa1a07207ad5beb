// The MCP server: the SDK's low-level `Server` (it takes the tools' JSON Schemas as they are, where
// the high-level one wants zod), with the curated tools, the resources and the prompts. One
// connection (the sandbox or an account) serves every session; each session gets a `Server` of its
// own, as the SDK requires one per transport.

import { createRequire } from "node:module";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  type LoggingLevel,
  McpError,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import type { Clock } from "@sideconvo/client";
import type { Sandbox, SandboxOptions } from "@sideconvo/sandbox";
import { type Account, type Connection, connect } from "./connection.js";
import { getPrompt, PROMPTS } from "./prompts.js";
import { listResources, readResource } from "./resources.js";
import { explain, scrubbed, success, ToolInputError } from "./results.js";
import { buildTools, type SideconvoTool } from "./tools.js";

export const SERVER_NAME = "sideconvo";
/** The package's version, from its manifest: what `initialize` reports. */
export const SERVER_VERSION: string = createRequire(import.meta.url)("../package.json").version;
const LEVELS: LoggingLevel[] = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

export interface SideconvoMcpOptions {
  /** An account (the client's target and `auth`). Without one, the tools run on the sandbox in this process. */
  account?: Account | undefined;
  /** Let write tools act on the account. Default false: they answer that writes are off. Ignored on the sandbox. */
  allowWrites?: boolean | undefined;
  /** Practice mode's sandbox, or options for it. Default: seeded with the spec's examples, rate limits on. */
  sandbox?: Sandbox | SandboxOptions | undefined;
  /** The longest wait (rate limit, Retry-After) one tool call sits out; past it the tool answers "wait N s". Default 10 000. */
  maxWaitMs?: number | undefined;
  /** The client's clock (tests move it). */
  clock?: Clock | undefined;
  /** The fetch the client sends an account's requests with (a proxy, a test's server). */
  fetch?: typeof fetch | undefined;
  /** Where the server's notes go (the bin: stderr). Never given a credential. */
  log?: ((line: string) => void) | undefined;
}

export interface SideconvoMcp {
  /** A new SDK `Server` for one session, sharing this instance's connection. */
  createServer(): Server;
  readonly connection: Connection;
  readonly tools: SideconvoTool[];
}

/** Options checked before anything starts: each refusal names the option and its value. */
function checkOptions(options: SideconvoMcpOptions) {
  const { maxWaitMs, allowWrites, log, account } = options;
  if (maxWaitMs !== undefined && !(typeof maxWaitMs === "number" && Number.isFinite(maxWaitMs) && maxWaitMs >= 0))
    throw new TypeError(`maxWaitMs must be a number of milliseconds, 0 or more, got ${JSON.stringify(maxWaitMs)}`);
  if (allowWrites !== undefined && typeof allowWrites !== "boolean")
    throw new TypeError(`allowWrites must be true or false, got ${JSON.stringify(allowWrites)}`);
  if (log !== undefined && typeof log !== "function") throw new TypeError("log must be a function (line) => void");
  if (account !== undefined && (typeof account !== "object" || account === null || !("auth" in account)))
    throw new TypeError("account must be { subdomain | baseUrl, auth } as the client takes them");
}

export function createSideconvoMcp(options: SideconvoMcpOptions = {}): SideconvoMcp {
  checkOptions(options);
  const listeners = new Set<(line: string) => void>();
  const log = (line: string) => {
    options.log?.(line);
    for (const listener of listeners) listener(line);
  };
  const connection = connect({
    account: options.account,
    sandbox: options.sandbox,
    maxWaitMs: options.maxWaitMs ?? 10_000,
    clock: options.clock,
    fetch: options.fetch,
    log,
  });
  const tools = buildTools(connection.environment);
  const byName = new Map(tools.map((tool) => [tool.definition.name, tool]));
  const allowWrites = options.allowWrites === true;
  const where =
    connection.environment === "sandbox"
      ? "Practice mode: the tools run on the sideconvo sandbox in this process (seeded with ticket 42 and its side conversations); nothing reaches anyone."
      : `Connected to the account at ${connection.origin}; writes ${allowWrites ? "are allowed and reach real people" : "are off (read-only)"}.`;

  const call = async (name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> => {
    const tool = byName.get(name);
    if (!tool)
      // An unknown tool is a protocol error (the client asked for something never listed).
      throw new McpError(ErrorCode.InvalidParams, `No tool named ${JSON.stringify(name)}; tools/list names them`);
    try {
      const allowed = Object.keys(tool.definition.inputSchema.properties ?? {});
      for (const key of Object.keys(args))
        if (!allowed.includes(key))
          throw new ToolInputError(
            key,
            undefined,
            `is not an argument of ${name}; its arguments are ${allowed.join(", ")}`,
          );
      for (const key of tool.definition.inputSchema.required ?? [])
        if (args[key] === undefined) throw new ToolInputError(key, undefined, `is required by ${name}`);
      const { summary, result } = await tool.run(args, { connection, allowWrites, signal });
      return success(summary, { environment: connection.environment, ...result });
    } catch (error) {
      if (!(error instanceof Error) || error.name === "Error" || error.name === "TypeError")
        log(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return explain(error, name, connection.budget());
    }
  };
  // Every answer of the sandbox says so where an agent reads first: its text begins "[sandbox] ".
  const said = async (name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<CallToolResult> => {
    const result = await call(name, args, signal);
    if (connection.environment !== "sandbox") return result;
    const [first, ...rest] = result.content;
    return first?.type === "text"
      ? { ...result, content: [{ ...first, text: `[sandbox] ${first.text}` }, ...rest] }
      : result;
  };

  const createServer = () => {
    const server = new Server(
      { name: SERVER_NAME, title: "Zendesk side conversations", version: SERVER_VERSION },
      {
        capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
        instructions: `${where} Side conversations ask another team (email, Slack, Microsoft Teams, a child ticket) about a ticket. Start with read_conversation_log and list_side_conversations; a refused input says what to fix.`,
      },
    );
    // logging/setLevel: the session's notes (what `log` is told, never a credential) are sent to the
    // client as notifications from this level up; none until it asks.
    let level: LoggingLevel | undefined;
    server.setRequestHandler(SetLevelRequestSchema, (request) => {
      level = request.params.level;
      return {};
    });
    const forward = (line: string) => {
      if (level && LEVELS.indexOf(level) <= LEVELS.indexOf("warning"))
        void server.sendLoggingMessage({ level: "warning", logger: SERVER_NAME, data: line }).catch(() => {});
    };
    listeners.add(forward);
    server.onclose = () => listeners.delete(forward);
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map((tool) => tool.definition) }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) =>
      scrubbed(await said(request.params.name, request.params.arguments ?? {}, extra.signal), connection.secrets),
    );
    server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: listResources() }));
    server.setRequestHandler(ReadResourceRequestSchema, (request) => {
      const found = readResource(request.params.uri);
      if (!found) throw new McpError(ErrorCode.InvalidParams, `No resource ${JSON.stringify(request.params.uri)}`);
      return found;
    });
    server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: PROMPTS }));
    server.setRequestHandler(GetPromptRequestSchema, (request) => {
      try {
        const found = getPrompt(request.params.name, request.params.arguments);
        if (!found) throw new McpError(ErrorCode.InvalidParams, `No prompt ${JSON.stringify(request.params.name)}`);
        return found;
      } catch (error) {
        if (error instanceof ToolInputError) throw new McpError(ErrorCode.InvalidParams, error.message);
        throw error;
      }
    });
    return server;
  };
  return { createServer, connection, tools };
}
