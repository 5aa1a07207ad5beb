// sideconvo-mcp: the server on stdio (for desktop and IDE agents, which start it themselves) or on
// Streamable HTTP on loopback (--http). With no account in the environment it practises on the
// sandbox; `sideconvo mcp` in the CLI runs the same function with the CLI's sign-in.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { accountFromEnv, ConfigurationError } from "./account.js";
import type { Account } from "./connection.js";

export interface MainIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export const USAGE = `Usage: sideconvo-mcp [options]

An MCP server for Zendesk side conversations. With no account configured it runs on the
sideconvo sandbox in this process (practice: nothing reaches anyone).

Options:
  --http               serve Streamable HTTP on loopback instead of stdio
  --port <n>           the HTTP port (default 0: a free one, printed on stderr)
  --host <address>     127.0.0.1 (default), ::1 or localhost
  --allow-writes       let write tools act on the account (SIDECONVO_MCP_ALLOW_WRITES=1)
  --sandbox            practise on the sandbox even when an account is configured
  --max-wait <seconds> the longest rate-limit wait one call sits out (default 10)
  -h, --help           this help
  -v, --version        the version

The account, from the environment: ZENDESK_SUBDOMAIN (or SIDECONVO_BASE_URL) and one of
ZENDESK_OAUTH_TOKEN, ZENDESK_CLIENT_ID + ZENDESK_CLIENT_SECRET, or (until 2027-04-30)
ZENDESK_EMAIL + ZENDESK_API_TOKEN.
`;

export interface Running {
  /** Resolves when the server has stopped (stdin closed, or close()). */
  done: Promise<void>;
  close(): Promise<void>;
  /** The HTTP face's URL, with --http. */
  url?: string;
}

/**
 * Starts the server as the bin does. Returns 2 (with the reason on stderr) for a bad flag or
 * configuration, 0 for --help and --version, or the running server.
 * `account` is the CLI's: given, the environment's is not read.
 */
export async function main(argv: string[], io: MainIo, account?: Account): Promise<number | Running> {
  const say = (line: string) => void io.stderr.write(`sideconvo-mcp: ${line}\n`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        http: { type: "boolean" },
        port: { type: "string" },
        host: { type: "string" },
        "allow-writes": { type: "boolean" },
        sandbox: { type: "boolean" },
        "max-wait": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    }));
  } catch (error) {
    say(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    // From the manifest, without loading the server (the sandbox's validators take a second to load).
    io.stdout.write(`${createRequire(import.meta.url)("../package.json").version}\n`);
    return 0;
  }
  try {
    const number = (flag: string, value: string | boolean | undefined, max: number) => {
      if (value === undefined) return undefined;
      const parsed = Number(value);
      if (typeof value !== "string" || !/^\d+(\.\d+)?$/.test(value) || parsed > max)
        throw new ConfigurationError(`--${flag} must be a number from 0 to ${max}, got ${JSON.stringify(value)}`);
      return parsed;
    };
    const port = number("port", values.port, 65535);
    const maxWait = number("max-wait", values["max-wait"], 3600);
    if (port !== undefined && !Number.isInteger(port))
      throw new ConfigurationError(`--port must be a whole number, got ${JSON.stringify(values.port)}`);
    if (!values.http && (values.host !== undefined || values.port !== undefined))
      throw new ConfigurationError("--port and --host are for --http; on stdio the agent starts the server itself");
    const chosen = values.sandbox ? undefined : (account ?? accountFromEnv(io.env));
    const allowWrites = values["allow-writes"] === true || io.env.SIDECONVO_MCP_ALLOW_WRITES === "1";
    // Loaded only to serve: --help, --version, a refused flag and a refused configuration answer at once.
    const [{ createSideconvoMcp }, { startHttp }, { StdioServerTransport }] = await Promise.all([
      import("./server.js"),
      import("./http.js"),
      import("@modelcontextprotocol/sdk/server/stdio.js"),
    ]);
    const mcp = createSideconvoMcp({
      account: chosen,
      allowWrites,
      ...(maxWait !== undefined && { maxWaitMs: maxWait * 1000 }),
      log: say,
    });
    say(
      mcp.connection.environment === "sandbox"
        ? "practice mode: the sandbox in this process (no account configured, or --sandbox); nothing reaches anyone"
        : `account ${mcp.connection.origin}; writes ${allowWrites ? "ALLOWED: write tools reach real people" : "off (start with --allow-writes to allow them)"}`,
    );
    if (values.http) {
      const face = await startHttp(mcp, { port, host: values.host as string | undefined });
      say(`listening on ${face.url}`);
      let stopped!: () => void;
      const done = new Promise<void>((resolve) => {
        stopped = resolve;
      });
      return {
        url: face.url,
        done,
        close: async () => {
          await face.close();
          stopped();
        },
      };
    }
    const server = mcp.createServer();
    const transport = new StdioServerTransport(io.stdin as never, io.stdout as never);
    const done = new Promise<void>((resolve) => {
      const closing = server.onclose;
      server.onclose = () => {
        closing?.();
        resolve();
      };
      // The agent closing our stdin is the end of the session.
      io.stdin.once("end", () => void server.close());
    });
    await server.connect(transport);
    return { done, close: () => server.close() };
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof TypeError) {
      say(error.message);
      return 2;
    }
    throw error;
  }
}
