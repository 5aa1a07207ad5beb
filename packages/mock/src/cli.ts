#!/usr/bin/env node
// sideconvo-mock: serve the spec with Prism until Ctrl-C. The flags are defined in flags.ts, shared
// with `sideconvo mock`.
import { MOCK_FLAGS_HELP, type MockFlags, mockLog, parseMockFlags } from "./flags.js";
import { startMock } from "./start-mock.js";

const usage = `Usage: sideconvo-mock [--port 4010] [--host 127.0.0.1] [--dynamic] [--no-errors] [--upstream URL]
       sideconvo-mock --stateful [--data FILE] [--seed FILE|empty] [--rate-limits [--time-scale N]] [--faults SHARE [--fault-seed N]]

Serves the Zendesk Side Conversations spec with Prism. Requests that break the spec are answered
400 (as the vendor documents) with the violations in the sl-violations header. Select a documented answer with a Prefer
header: curl -H 'Prefer: code=404' http://127.0.0.1:4010/api/v2/tickets/1/side_conversations

${MOCK_FLAGS_HELP}`;

let flags: MockFlags;
try {
  flags = parseMockFlags(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`sideconvo-mock: ${(error as Error).message}\n\n${usage}\n`);
  process.exit(2);
}
if (flags.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

try {
  const mock = await startMock({
    ...flags.options,
    ...mockLog(
      flags,
      (line) => process.stdout.write(`${line}\n`),
      (line) => process.stderr.write(`sideconvo-mock: ${line}\n`),
    ),
  });
  process.stdout.write(`sideconvo-mock listening on ${mock.url}\n`);
  const stop = () => void mock.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  process.stderr.write(`sideconvo-mock: ${(error as Error).message}\n`);
  process.exit(1);
}
