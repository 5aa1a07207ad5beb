#!/usr/bin/env node
// sideconvo-mock: serve the spec with Prism until Ctrl-C.
import { parseArgs } from "node:util";
import { startMock } from "./start-mock.js";

const usage = `Usage: sideconvo-mock [--port 4010] [--host 127.0.0.1] [--dynamic] [--no-errors] [--upstream URL]

Serves the Zendesk Side Conversations spec with Prism. Requests that break the spec are answered
422/400 with the violations in the sl-violations header. Select a documented answer with a Prefer
header: curl -H 'Prefer: code=404' http://127.0.0.1:4010/api/v2/tickets/1/side_conversations

  --port N        the port (0: any free one)          default 4010
  --host HOST     the interface                        default 127.0.0.1
  --dynamic       generate responses from the schemas instead of the examples
  --no-errors     answer requests that break the spec as if they did not
  --upstream URL  proxy to URL and validate its answers instead of mocking
  --verbose       print every request Prism logs`;

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      dynamic: { type: "boolean", default: false },
      "no-errors": { type: "boolean", default: false },
      upstream: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  process.stderr.write(`sideconvo-mock: ${(error as Error).message}\n\n${usage}\n`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d+$/.test(String(values.port)) || port > 65_535) {
  process.stderr.write(`sideconvo-mock: --port must be a number from 0 to 65535, got "${values.port}"\n`);
  process.exit(2);
}

try {
  const mock = await startMock({
    port,
    host: String(values.host),
    dynamic: Boolean(values.dynamic),
    errors: !values["no-errors"],
    ...(values.upstream ? { upstream: String(values.upstream) } : {}),
    ...(values.verbose ? { onLog: (line: string) => process.stdout.write(`${line}\n`) } : {}),
  });
  process.stdout.write(`sideconvo-mock listening on ${mock.url}\n`);
  const stop = () => void mock.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  process.stderr.write(`sideconvo-mock: ${(error as Error).message}\n`);
  process.exit(1);
}
