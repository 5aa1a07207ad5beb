import { CliError, EXIT } from "../exit-codes.js";
import { loadMock } from "../load-mock.js";

export interface MockFlags {
  port: number;
  host: string;
  stateful?: boolean;
  data?: string;
  seed?: string;
}

/** Starts the mock (Prism on the bundled spec, or the stateful sandbox) in the foreground until Ctrl-C. */
export async function mock(flags: MockFlags) {
  const { startMock, MockStartError } = await loadMock();
  if ((flags.data || flags.seed) && !flags.stateful)
    throw new CliError(
      `--${flags.data ? "data" : "seed"} needs --stateful: the stateless mock keeps nothing`,
      EXIT.usage,
    );
  const stateful = flags.stateful
    ? { ...(flags.data !== undefined && { data: flags.data }), ...(flags.seed !== undefined && { seed: flags.seed }) }
    : undefined;
  const running = await startMock({ port: flags.port, host: flags.host, ...(stateful && { stateful }) }).catch(
    (error: unknown) => {
      throw error instanceof MockStartError
        ? new CliError(`the mock did not start: ${error.message}`, EXIT.failure)
        : error;
    },
  );
  const what = flags.stateful
    ? `Sandbox API on ${running.url}: writes are kept${flags.data ? ` in ${flags.data}` : " until Ctrl-C"}`
    : `Mock API on ${running.url}`;
  process.stdout.write(
    `${what} (any credentials work). Try:\n  SIDECONVO_BASE_URL=${running.url} ZENDESK_EMAIL=me@example.com ZENDESK_API_TOKEN=x sideconvo list 42\nCtrl-C stops it.\n`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await running.stop();
}
