import { CliError, EXIT } from "../exit-codes.js";
import { io } from "../io.js";
import { loadMock } from "../load-mock.js";

const USAGE = "Usage: sideconvo mock [flags]";
const EXAMPLE = "Example:\n  sideconvo mock --stateful --data sandbox.json\n";

/**
 * Starts the mock (Prism on the bundled spec, or the stateful sandbox) in the foreground until
 * Ctrl-C. The flags are @sideconvo/mock's own (the same as `sideconvo-mock`), parsed there.
 */
export async function mock(args: string[]) {
  const { startMock, MockStartError, MockFlagError, parseMockFlags, mockLog, MOCK_FLAGS_HELP } = await loadMock();
  let flags: ReturnType<typeof parseMockFlags>;
  try {
    flags = parseMockFlags(args);
  } catch (error) {
    throw error instanceof MockFlagError ? new CliError(error.message, EXIT.usage) : error;
  }
  if (flags.help) {
    io().stdout.write(
      `${USAGE}\n\nStarts the mock API (Prism serving the spec) until Ctrl-C; the same flags as sideconvo-mock.\n\n${MOCK_FLAGS_HELP}\n\n${EXAMPLE}`,
    );
    return;
  }
  const running = await startMock({
    ...flags.options,
    ...mockLog(
      flags,
      (line) => void io().stdout.write(`${line}\n`),
      (line) => void io().stderr.write(`sideconvo mock: ${line}\n`),
    ),
  }).catch((error: unknown) => {
    throw error instanceof MockStartError
      ? new CliError(`the mock did not start: ${error.message}`, EXIT.failure)
      : error;
  });
  const { stateful } = flags.options;
  const data = typeof stateful === "object" ? stateful.data : undefined;
  const what = stateful
    ? `Sandbox API on ${running.url}: writes are kept${data ? ` in ${data}` : " until Ctrl-C"}`
    : `Mock API on ${running.url}`;
  io().stdout.write(
    `${what} (any credentials work). Try:\n  SIDECONVO_BASE_URL=${running.url} ZENDESK_EMAIL=me@example.com ZENDESK_API_TOKEN=x sideconvo list 42\nCtrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await running.stop();
}
