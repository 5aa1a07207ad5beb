// The mock's command-line flags, defined once: `sideconvo-mock` and `sideconvo mock` both parse
// their arguments here, so they take the same flags with the same checks and messages.
import { parseArgs } from "node:util";
import type { MockOptions } from "./start-mock.js";

export const MOCK_FLAGS_HELP = `  --port N        the port (0: any free one)          default 4010
  --host HOST     the interface                        default 127.0.0.1
  --dynamic       generate responses from the schemas instead of the examples
  --no-errors     answer requests that break the spec as if they did not
  --upstream URL  proxy to URL and validate its answers instead of mocking
  --verbose       print every request Prism logs

The stateful sandbox (@sideconvo/sandbox: one process, requests checked by the spec's schemas)
keeps what is created, replied, closed and uploaded; any ticket id exists on first use.
POST /__sandbox/reset with a JSON body ({}) puts it back to its seed.
  --stateful            the sandbox instead of the spec's fixed examples
  --data FILE           keep the state in FILE across restarts (one sandbox per file)
  --recover             with --data: start even if lines of FILE do not load; they are
                        moved to FILE.rejected and named, the rest is kept
  --seed FILE|empty     start from FILE, or from nothing     default: the spec's examples
  --export-page-size N  events per page of the export        default 1000
                        (a second with more events than a page stalls the export, as the API does)
  --rate-limits         enforce the API's rate limits (x-rate-limit of each operation)
  --time-scale N        with --rate-limits: windows pass N times faster
  --faults SHARE        answer this share of requests (0 to 1) with 500, 503, a reset or a cut answer
  --fault-seed N        the seed of the fault sequence       default 1`;

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

const SANDBOX_ONLY = [
  "data",
  "recover",
  "seed",
  "export-page-size",
  "rate-limits",
  "time-scale",
  "faults",
  "fault-seed",
];

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
        data: { type: "string" },
        recover: { type: "boolean", default: false },
        seed: { type: "string" },
        "export-page-size": { type: "string" },
        "rate-limits": { type: "boolean", default: false },
        "time-scale": { type: "string" },
        faults: { type: "string" },
        "fault-seed": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new MockFlagError((error as Error).message);
  }
  const number = (flag: string, test: (n: number) => boolean, what: string): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw === "" || !test(n)) throw new MockFlagError(`--${flag} must be ${what} (got "${raw}")`);
    return n;
  };
  const port = number("port", (n) => /^\d+$/.test(String(values.port)) && n <= 65_535, "a number from 0 to 65535");
  const exportPageSize = number("export-page-size", (n) => Number.isInteger(n) && n > 0, "a positive integer");
  const timeScale = number("time-scale", (n) => Number.isFinite(n) && n > 0, "a positive number");
  const faultRate = number("faults", (n) => n >= 0 && n <= 1, "a share from 0 to 1");
  const faultSeed = number("fault-seed", (n) => Number.isInteger(n), "an integer");
  const sandboxOnly = SANDBOX_ONLY.find((flag) => values[flag] !== undefined && values[flag] !== false);
  if (sandboxOnly && !values.stateful)
    throw new MockFlagError(
      `--${sandboxOnly} needs --stateful: ${
        sandboxOnly === "data" || sandboxOnly === "seed" || sandboxOnly === "recover"
          ? "the stateless mock keeps nothing"
          : "the stateless mock has no state, budgets or faults"
      }`,
    );
  if (values.recover && values.data === undefined)
    throw new MockFlagError("--recover needs --data FILE: it recovers a data file");
  if (values.stateful && values.upstream) throw new MockFlagError("--stateful and --upstream do not go together");
  const stateful = values.stateful
    ? {
        ...(values.data !== undefined && { data: String(values.data) }),
        ...(values.recover && { recover: true }),
        ...(values.seed !== undefined && { seed: String(values.seed) }),
        ...(exportPageSize !== undefined && { exportPageSize }),
        ...(values["rate-limits"] && { rateLimits: timeScale !== undefined ? { timeScale } : true }),
        ...(faultRate !== undefined && {
          faults: { rate: faultRate, ...(faultSeed !== undefined && { seed: faultSeed }) },
        }),
      }
    : undefined;
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
