// The mock's command-line flags, defined once: `sideconvo-mock` and `sideconvo mock` both parse
// their arguments here, so they take the same flags with the same checks and messages.
import { parseArgs } from "node:util";
import {
  portFlag,
  SANDBOX_FLAG_OPTIONS,
  SANDBOX_FLAGS_HELP,
  SandboxFlagError,
  sandboxOptionsFromFlags,
} from "@sideconvo/sandbox/node";
import type { MockOptions } from "./start-mock.js";

export const MOCK_FLAGS_HELP = `  --port N        the port (0: any free one)          default 4010
  --host HOST     the interface                        default 127.0.0.1
  --dynamic       generate responses from the schemas instead of the examples
  --no-errors     answer requests that break the spec as if they did not
  --upstream URL  proxy to URL and validate its answers instead of mocking
  --verbose       print every request Prism logs

The stateful sandbox (@sideconvo/sandbox: one process, requests checked by the spec's schemas;
its own command is sideconvo-sandbox, with these flags) keeps what is created, replied, closed and
uploaded; any ticket id exists on first use. POST /__sandbox/reset with a JSON body ({}) puts it
back to its seed.
  --stateful            the sandbox instead of the spec's fixed examples
${SANDBOX_FLAGS_HELP}`;

/** A flag or value the mock refuses; the message names the flag and the value. */
export class MockFlagError extends Error {
  override name = "MockFlagError";
}

export interface MockFlags {
  /** What to start the mock with. */
  options: MockOptions & { port: number; host: string };
  /** --verbose: print Prism's request log. */
  verbose: boolean;
  /** --help was given. */
  help: boolean;
}

const SANDBOX_ONLY = Object.keys(SANDBOX_FLAG_OPTIONS);

/** Parses the mock's flags (`process.argv.slice(2)` or a subcommand's arguments). */
export function parseMockFlags(args: string[]): MockFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        dynamic: { type: "boolean", default: false },
        "no-errors": { type: "boolean", default: false },
        upstream: { type: "string" },
        verbose: { type: "boolean", default: false },
        stateful: { type: "boolean", default: false },
        ...SANDBOX_FLAG_OPTIONS,
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new MockFlagError((error as Error).message);
  }
  try {
    const port = portFlag(values);
    const sandboxOnly = SANDBOX_ONLY.find((flag) => values[flag] !== undefined && values[flag] !== false);
    if (sandboxOnly && !values.stateful)
      throw new MockFlagError(
        `--${sandboxOnly} needs --stateful: ${
          sandboxOnly === "data" || sandboxOnly === "seed" || sandboxOnly === "recover"
            ? "the stateless mock keeps nothing"
            : "the stateless mock has no state, budgets or faults"
        }`,
      );
    if (values.stateful && values.upstream) throw new MockFlagError("--stateful and --upstream do not go together");
    const stateful = values.stateful ? sandboxOptionsFromFlags(values) : undefined;
    return flagsOf(values, port, stateful);
  } catch (error) {
    // The sandbox's flags are checked where they are defined; a refusal there is the mock's refusal.
    throw error instanceof SandboxFlagError ? new MockFlagError(error.message) : error;
  }
}

function flagsOf(
  values: Record<string, string | boolean | undefined>,
  port: number | undefined,
  stateful: ReturnType<typeof sandboxOptionsFromFlags> | undefined,
): MockFlags {
  return {
    options: {
      ...(stateful && { stateful }),
      port: port ?? 4010,
      host: String(values.host),
      dynamic: Boolean(values.dynamic),
      errors: !values["no-errors"],
      ...(values.upstream ? { upstream: String(values.upstream) } : {}),
    },
    verbose: Boolean(values.verbose),
    help: Boolean(values.help),
  };
}

/**
 * Where the mock's log goes: Prism's request log only with --verbose (to `out`); what the sandbox
 * notices (a torn or set-aside line of its data file, a fault of its own) always (to `err`).
 */
export function mockLog(
  flags: MockFlags,
  out: (line: string) => void,
  err: (line: string) => void,
): { onLog?: (line: string) => void } {
  if (flags.verbose) return { onLog: out };
  return flags.options.stateful ? { onLog: err } : {};
}
