// One run of the CLI: parse, run the command, and turn what happened into an exit code. The
// binary (cli.ts) runs it on the process; tests run it in-process with their own I/O.
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { describeError, EXIT } from "./exit-codes.js";
import { type CliIo, closedPipe, useIo } from "./io.js";
import { buildProgram } from "./program.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Runs `sideconvo <args>` with the given I/O; resolves with the exit code. */
export async function runCli(args: string[], cliIo: CliIo): Promise<number> {
  useIo(cliIo);
  const program = buildProgram(version);
  try {
    await program.parseAsync(args, { from: "user" });
    // A command that sets its own code (verify: 1 on drift) keeps it.
    return cliIo.exitCode ?? EXIT.ok;
  } catch (error) {
    if (closedPipe(error)) return EXIT.ok;
    // Commander printed its message already; --help and --version are not errors.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const { code, message } = describeError(error);
    cliIo.stderr.write(`sideconvo: ${message}\n`);
    return code;
  }
}
