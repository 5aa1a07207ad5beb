import { CliError, EXIT } from "../exit-codes.js";
import { loadMock } from "../load-mock.js";

/** Starts the mock (Prism on the bundled spec) in the foreground until Ctrl-C. */
export async function mock(flags: { port: number; host: string }) {
  const { startMock, MockStartError } = await loadMock();
  const running = await startMock({ port: flags.port, host: flags.host }).catch((error: unknown) => {
    throw error instanceof MockStartError
      ? new CliError(`the mock did not start: ${error.message}`, EXIT.failure)
      : error;
  });
  process.stdout.write(
    `Mock API on ${running.url} (any credentials work). Try:\n  SIDECONVO_BASE_URL=${running.url} ZENDESK_EMAIL=me@example.com ZENDESK_API_TOKEN=x sideconvo list 42\nCtrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await running.stop();
}
