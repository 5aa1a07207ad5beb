#!/usr/bin/env node
// sideconvo-mock: serve the spec with Prism until Ctrl-C.
import { parseArgs } from "node:util";
import { startMock } from "./start-mock.js";

const usage = `Usage: sideconvo-mock [--port 4010] [--host 127.0.0.1] [--dynamic] [--no-errors] [--upstream URL]
       sideconvo-mock --stateful [--data FILE] [--seed FILE|empty] [--rate-limits [--time-scale N]] [--faults SHARE [--fault-seed N]]

Serves the Zendesk Side Conversations spec with Prism. Requests that break the spec are answered
422/400 with the violations in the sl-violations header. Select a documented answer with a Prefer
header: curl -H 'Prefer: code=404' http://127.0.0.1:4010/api/v2/tickets/1/side_conversations

  --port N        the port (0: any free one)          default 4010
  --host HOST     the interface                        default 127.0.0.1
  --dynamic       generate responses from the schemas instead of the examples
  --no-errors     answer requests that break the spec as if they did not
  --upstream URL  proxy to URL and validate its answers instead of mocking
  --verbose       print every request Prism logs

The stateful sandbox keeps what is created, replied, closed and uploaded; Prism still checks every
request and answer. POST /__sandbox/reset puts it back to its seed.
  --stateful            the sandbox instead of the spec's fixed examples
  --data FILE           keep the state in FILE across restarts
  --seed FILE|empty     start from FILE, or from nothing     default: the spec's examples
  --export-page-size N  events per page of the export        default 1000
                        (a second with more events than a page stalls the export, as the API does)
  --rate-limits         enforce the API's rate limits (x-rate-limit of each operation)
  --time-scale N        with --rate-limits: windows pass N times faster
  --faults SHARE        answer this share of requests (0 to 1) with 500, 503, a reset or a cut answer
  --fault-seed N        the seed of the fault sequence       default 1`;

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
      stateful: { type: "boolean", default: false },
      data: { type: "string" },
      seed: { type: "string" },
      "export-page-size": { type: "string" },
      "rate-limits": { type: "boolean", default: false },
      "time-scale": { type: "string" },
      faults: { type: "string" },
      "fault-seed": { type: "string" },
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

/** A number flag, or exit 2 naming it and the value. */
function number(flag: string, test: (n: number) => boolean, what: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw === "" || !test(n)) {
    process.stderr.write(`sideconvo-mock: --${flag} must be ${what}, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}
const exportPageSize = number("export-page-size", (n) => Number.isInteger(n) && n > 0, "a positive integer");
const timeScale = number("time-scale", (n) => Number.isFinite(n) && n > 0, "a positive number");
const faultRate = number("faults", (n) => n >= 0 && n <= 1, "a share from 0 to 1");
const faultSeed = number("fault-seed", (n) => Number.isInteger(n), "an integer");
const sandboxOnly = ["data", "seed", "export-page-size", "rate-limits", "time-scale", "faults", "fault-seed"].find(
  (flag) => values[flag] !== undefined && values[flag] !== false,
);
if (sandboxOnly && !values.stateful) {
  process.stderr.write(`sideconvo-mock: --${sandboxOnly} needs --stateful\n`);
  process.exit(2);
}
const stateful = values.stateful
  ? {
      ...(values.data !== undefined && { data: String(values.data) }),
      ...(values.seed !== undefined && { seed: String(values.seed) }),
      ...(exportPageSize !== undefined && { exportPageSize }),
      ...(values["rate-limits"] && { rateLimits: timeScale !== undefined ? { timeScale } : true }),
      ...(faultRate !== undefined && {
        faults: { rate: faultRate, ...(faultSeed !== undefined && { seed: faultSeed }) },
      }),
    }
  : undefined;

try {
  const mock = await startMock({
    ...(stateful && { stateful }),
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
