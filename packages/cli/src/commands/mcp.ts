// `sideconvo mcp`: the MCP server of @sideconvo/mcp, signed in as the CLI signs in (the login of
// `sideconvo login` too, which the server's own bin cannot read). The flags are the server's.
// @sideconvo/mcp is an optional peer dependency, loaded only here.
import { connectionFromEnv } from "../env.js";
import { CliError, EXIT } from "../exit-codes.js";
import { io } from "../io.js";

const MCP_MISSING =
  "`sideconvo mcp` needs @sideconvo/mcp, which is not installed: run `npm install --global @sideconvo/mcp` (or add it next to @sideconvo/cli in your project)";

export async function mcp(args: string[]) {
  let server: typeof import("@sideconvo/mcp");
  try {
    server = await import("@sideconvo/mcp");
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === "ERR_MODULE_NOT_FOUND" && String(message).includes("'@sideconvo/mcp'"))
      throw new CliError(MCP_MISSING, EXIT.usage);
    throw error;
  }
  const { env } = io();
  // An account only where one is named; with none (or --sandbox) the server practises on the sandbox.
  const named = (env.ZENDESK_SUBDOMAIN || env.SIDECONVO_BASE_URL) && !args.includes("--sandbox");
  const account = named
    ? (() => {
        const { target, auth } = connectionFromEnv(env);
        return { ...target, auth };
      })()
    : undefined;
  const result = await server.main(
    args,
    { env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    account,
  );
  if (typeof result === "number") {
    if (result !== 0) throw new CliError("the MCP server did not start (the reason is above)", EXIT.usage);
    return;
  }
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
    void result.done.then(resolve);
  });
  await result.close();
}
