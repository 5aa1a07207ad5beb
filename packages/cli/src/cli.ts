#!/usr/bin/env node
import { closedPipe, processIo } from "./io.js";
import { runCli } from "./run.js";

process.stdout.on("error", (error) => {
  if (!closedPipe(error)) throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
