// Where the CLI reads its environment and writes its output: the process, or (in tests) strings.
// `runCli` sets it for one run; every command reads it through `io()`, so the whole program can be
// driven in-process with an injected environment, captured output and a clock.
import type { Clock } from "@sideconvo/client";

/** A writable the CLI writes text to (process.stdout, or a test's buffer). */
export interface Sink {
  write(text: string, callback?: (error?: Error | null) => void): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Sink;
  stderr: Sink;
  stdinIsTTY: boolean;
  /** The clock the client waits by (retries, Retry-After, budgets); the system's when absent. */
  clock?: Clock | undefined;
  /** A command that has its own exit code (verify: 1 on drift) sets it here. */
  exitCode?: number | undefined;
}

export const processIo = (): CliIo => ({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
});

let current: CliIo | undefined;

/** The I/O of the run in progress. */
export const io = (): CliIo => {
  current ??= processIo();
  return current;
};

export function useIo(next: CliIo): void {
  current = next;
}

/** The reader of our output went away (`sideconvo log 42 | head -2`): as Unix tools do, stop quietly. */
export const closedPipe = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
