#!/usr/bin/env node
// sideconvo-sandbox: the stateful sandbox over HTTP until Ctrl-C, with no Prism (sideconvo-mock
// --stateful, in @sideconvo/mock, starts the same server). The flags are defined in flags.ts.
import { parseSandboxFlags, SANDBOX_FLAGS_HELP, type SandboxFlags } from "./flags.js";
import { startSandboxServer } from "./http.js";

const usage = `Usage: sideconvo-sandbox [--port 4011] [--host 127.0.0.1] [--data FILE] [--seed FILE|empty] [--rate-limits] [--faults SHARE]

A stateful sandbox of the Zendesk Side Conversations and Conversation Log APIs: what is created,
replied, closed, imported and uploaded is kept; any ticket id exists on first use; requests are
checked by the spec's schemas. POST /__sandbox/reset with a JSON body ({}) puts it back to its seed.
  --port N              the port (0: any free one)          default 4011
  --host HOST           the interface                        default 127.0.0.1
${SANDBOX_FLAGS_HELP}`;

let flags: SandboxFlags;
try {
  flags = parseSandboxFlags(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`sideconvo-sandbox: ${(error as Error).message}\n\n${usage}\n`);
  process.exit(2);
}
if (flags.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
try {
  const server = await startSandboxServer({
    ...flags.options,
    onLog: (line) => process.stderr.write(`sideconvo-sandbox: ${line}\n`),
  });
  process.stdout.write(`sideconvo-sandbox listening on ${server.url}\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  const { code, message } = error as NodeJS.ErrnoException;
  process.stderr.write(
    `sideconvo-sandbox: ${code === "EADDRINUSE" ? `could not listen on ${flags.options.host}:${flags.options.port}: the port is in use (--port 0 picks a free one)` : message}\n`,
  );
  process.exit(1);
}
