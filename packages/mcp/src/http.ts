// The Streamable HTTP face, for agents that connect over HTTP rather than starting the server: on
// loopback only (it holds the account's credentials and acts with them), with the SDK's transport
// and one session per client. A page on another site cannot drive it: a request whose Host or
// Origin is not a loopback name is refused (DNS rebinding), as the MCP specification asks.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { SideconvoMcp } from "./server.js";

export interface HttpOptions {
  /** Default 0: a free port (the URL says which). */
  port?: number | undefined;
  /** A loopback address: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string | undefined;
  /** The most sessions kept at once; past it the oldest is closed. Default 100. */
  maxSessions?: number | undefined;
}

export interface HttpFace {
  /** `http://127.0.0.1:PORT/mcp` */
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);
const hostnameOf = (value: string) => {
  try {
    return new URL(`http://${value}`).hostname;
  } catch {
    return undefined;
  }
};

function refuse(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

export async function startHttp(mcp: SideconvoMcp, options: HttpOptions = {}): Promise<HttpFace> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host))
    throw new TypeError(
      `host must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}: the server acts with the account's credentials and has no sign-in of its own`,
    );
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError(`port must be an integer from 0 to 65535, got ${JSON.stringify(port)}`);
  const maxSessions = options.maxSessions ?? 100;
  const sessions = new Map<string, StreamableHTTPServerTransport>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/mcp") return refuse(res, 404, `Not found: the MCP endpoint is /mcp`);
    const hostHeader = req.headers.host ?? "";
    if (!LOOPBACK.has(hostnameOf(hostHeader) ?? "")) return refuse(res, 403, `Invalid Host header: ${hostHeader}`);
    const origin = req.headers.origin;
    if (origin !== undefined && !(URL.canParse(origin) && LOOPBACK.has(new URL(origin).hostname)))
      return refuse(res, 403, `Invalid Origin header: ${origin}`);

    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const transport = sessions.get(sessionId);
      if (!transport) return refuse(res, 404, "Session not found: initialize a new session");
      return transport.handleRequest(req, res);
    }
    if (req.method !== "POST") return refuse(res, 400, "Bad Request: no session; start one with an initialize POST");
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
        if (sessions.size > maxSessions) {
          const [oldest] = sessions.values();
          void oldest?.close();
        }
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const server = mcp.createServer();
    await server.connect(transport);
    await transport.handleRequest(req, res);
    // A POST that did not start a session (not an initialize) leaves nothing behind.
    if (!transport.sessionId) await server.close();
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        refuse(res, 500, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(port, host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/mcp`,
    close: async () => {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
