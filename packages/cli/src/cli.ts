#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { describeError, EXIT } from "./exit-codes.js";
import { buildProgram } from "./program.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const program = buildProgram(version);

/** The reader of our output went away (`sideconvo log 42 | head -2`): as Unix tools do, stop quietly. */
const closedPipe = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
process.stdout.on("error", (error) => {
  if (!closedPipe(error)) throw error;
});

try {
  await program.parseAsync(process.argv);
  // A command that sets its own code (verify: 1 on drift) keeps it.
  process.exitCode ??= EXIT.ok;
} catch (error) {
  if (closedPipe(error)) {
    process.exitCode = EXIT.ok;
  } else if (error instanceof CommanderError) {
    // Commander printed its message already; --help and --version are not errors.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const { code, message } = describeError(error);
    process.stderr.write(`sideconvo: ${message}\n`);
    process.exitCode = code;
  }
}
