#!/usr/bin/env node
import { main } from "./main.js";

const result = await main(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
if (typeof result === "number") process.exitCode = result;
else {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      process.stderr.write(`sideconvo-mcp: ${signal}, stopping\n`);
      void result.close().then(() => process.exit(0));
    });
  await result.done;
  process.exit(0);
}
