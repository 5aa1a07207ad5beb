import { type ClientOptions, createClient, type SideconvoClient } from "@sideconvo/client";
import { connectionFromEnv } from "./env.js";
import { io } from "./io.js";
import { startEmbeddedMock } from "./load-mock.js";
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

const MOCK_AUTH = { email: "mock@example.com", apiToken: "mock-token" };

export async function createContext(options: GlobalOptions, env: NodeJS.ProcessEnv = io().env): Promise<Context> {
  const output = createOutput(options.json === true, env);
  const stats = { pages: 0, waits: 0 };
  const dryRun = { printed: false };
  let stopMock = async () => {};
  let connection: Pick<ClientOptions, "auth"> & ({ subdomain: string } | { baseUrl: string });
  let transport: typeof fetch = (input, init) => fetch(input, init);
  if (options.mock && options.prism) {
    // Loaded only here: Prism is a large dependency that no other path needs.
    const mock = await startEmbeddedMock();
    stopMock = mock.stop;
    connection = { baseUrl: mock.url, auth: MOCK_AUTH };
  } else if (options.mock) {
    // The sandbox engine in this process: no port, no child process, stateful for the command's
    // life (a create is there when the same command reads it back), and 404 for what does not
    // exist. Loaded only for --mock.
    const { createSandbox, SANDBOX_CLIENT, SANDBOX_URL } = await import("@sideconvo/sandbox");
    const sandbox = createSandbox({ seed: "examples" });
    transport = sandbox.fetch;
    connection = { baseUrl: SANDBOX_URL, auth: { oauth: SANDBOX_CLIENT } };
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
