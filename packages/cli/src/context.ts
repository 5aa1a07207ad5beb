import { type ClientOptions, createClient, type SideconvoClient } from "@sideconvo/client";
import { connectionFromEnv } from "./env.js";
import { io } from "./io.js";
import { startEmbeddedTarget } from "./load-mock.js";
import { createOutput, type Output } from "./output.js";

export interface GlobalOptions {
  mock?: boolean;
  prism?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export interface Context {
  zd: SideconvoClient;
  output: Output;
  /** Successful answers (pages) and waits (rate limit or retry), for progress and summaries. */
  stats: { pages: number; waits: number };
  /** Set once --dry-run printed the request it would have sent. */
  dryRun: { printed: boolean };
  close: () => Promise<void>;
}

/** Thrown by the --dry-run fetch after printing; the command stops there and exits 0. */
export class DryRunStop extends Error {}

export async function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv = io().env): Promise<Context> {
  const output = createOutput(options.json === true, env);
  const stats = { pages: 0, waits: 0 };
  const dryRun = { printed: false };
  let stopMock = async () => {};
  let connection: Pick<ClientOptions, "auth"> & ({ subdomain: string } | { baseUrl: string });
  let transport: typeof fetch = (input, init) => fetch(input, init);
  if (options.mock) {
    const embedded = await startEmbeddedTarget(options.prism === true);
    stopMock = embedded.stop;
    connection = { baseUrl: embedded.baseUrl, auth: embedded.auth };
    if (embedded.fetch) transport = embedded.fetch;
  } else {
    const { target, auth } = connectionFromEnv(env);
    connection = { ...target, auth };
  }

  const counting: typeof fetch = async (input, init) => {
    if (options.dryRun) {
      await printRequest(new Request(input, init), output);
      dryRun.printed = true;
      throw new DryRunStop("dry run");
    }
    const response = await transport(input, init);
    if (response.ok) stats.pages++;
    return response;
  };
  const zd = createClient({
    ...connection,
    fetch: counting,
    userAgent: "sideconvo-cli",
    clock: io().clock,
    // The client's notices (an API token's end date) on stderr; none against --mock.
    logger: { warn: (message: string) => void (options.mock || io().stderr.write(`${message}\n`)) },
    ...(options.dryRun
      ? { retry: false, rateLimit: false }
      : {
          retry: { onRetry: () => void stats.waits++ },
          rateLimit: { onWait: () => void stats.waits++ },
        }),
  });
  return { zd, output, stats, dryRun, close: () => stopMock() };
}

/** The request as it would go out, with the Authorization value redacted. */
async function printRequest(request: Request, output: Output) {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of request.headers)
    lines.push(`${name}: ${name.toLowerCase() === "authorization" ? `${value.split(" ")[0]} [redacted]` : value}`);
  const type = request.headers.get("content-type") ?? "";
  if (request.body) {
    const body = await request.clone().arrayBuffer();
    lines.push("");
    lines.push(
      type.includes("json")
        ? JSON.stringify(JSON.parse(new TextDecoder().decode(body)), null, 2)
        : `[${type.split(";")[0] || "body"}, ${body.byteLength} bytes]`,
    );
  }
  await output.out(`${lines.join("\n")}\n`);
}
