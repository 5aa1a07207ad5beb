// The sandbox's command-line flags, defined once: `sideconvo-sandbox` parses them here, and
// `sideconvo-mock --stateful` (with `sideconvo mock --stateful`) takes the same ones from here.
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import type { SandboxServerOptions } from "./http.js";

export const SANDBOX_FLAGS_HELP = `  --data FILE           keep the state in FILE across restarts (one sandbox per file)
  --recover             with --data: start even if lines of FILE do not load; they are
                        moved to FILE.rejected and named, the rest is kept
  --seed FILE|empty     start from FILE, or from nothing     default: the spec's examples
  --export-page-size N  events per page of the export        default 1000
                        (a second with more events than a page stalls the export, as the API does)
  --rate-limits         enforce the API's rate limits (x-rate-limit of each operation)
  --time-scale N        with --rate-limits: windows pass N times faster
  --faults SHARE        answer this share of requests (0 to 1) with 500, 503, a reset or a cut answer
  --fault-seed N        the seed of the fault sequence       default 1`;

/** The sandbox's own flags, as `parseArgs` takes them. */
export const SANDBOX_FLAG_OPTIONS = {
  data: { type: "string" },
  recover: { type: "boolean", default: false },
  seed: { type: "string" },
  "export-page-size": { type: "string" },
  "rate-limits": { type: "boolean", default: false },
  "time-scale": { type: "string" },
  faults: { type: "string" },
  "fault-seed": { type: "string" },
} as const satisfies ParseArgsOptionsConfig;

/** A flag or value the sandbox refuses; the message names the flag and the value. */
export class SandboxFlagError extends Error {
  override name = "SandboxFlagError";
}

type Values = Record<string, string | boolean | undefined>;

/** A number flag, checked: undefined when absent. */
export function numberFlag(values: Values, flag: string, test: (n: number) => boolean, what: string) {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw === "" || typeof raw !== "string" || !test(n))
    throw new SandboxFlagError(`--${flag} must be ${what} (got "${raw}")`);
  return n;
}

/** `--port`: 0 to 65535. */
export const portFlag = (values: Values) =>
  numberFlag(values, "port", (n) => /^\d+$/.test(String(values.port)) && n <= 65_535, "a number from 0 to 65535");

/** The server options the sandbox's flags give (without port and host). */
export function sandboxOptionsFromFlags(values: Values): Omit<SandboxServerOptions, "port" | "host"> {
  const exportPageSize = numberFlag(
    values,
    "export-page-size",
    (n) => Number.isInteger(n) && n > 0,
    "a positive integer",
  );
  const timeScale = numberFlag(values, "time-scale", (n) => Number.isFinite(n) && n > 0, "a positive number");
  const faultRate = numberFlag(values, "faults", (n) => n >= 0 && n <= 1, "a share from 0 to 1");
  const faultSeed = numberFlag(values, "fault-seed", (n) => Number.isInteger(n), "an integer");
  if (values.recover && values.data === undefined)
    throw new SandboxFlagError("--recover needs --data FILE: it recovers a data file");
  if (timeScale !== undefined && !values["rate-limits"])
    throw new SandboxFlagError("--time-scale needs --rate-limits: it speeds up the rate-limit windows");
  if (faultSeed !== undefined && faultRate === undefined)
    throw new SandboxFlagError("--fault-seed needs --faults SHARE: it seeds the fault sequence");
  return {
    ...(values.data !== undefined && { data: String(values.data) }),
    ...(values.recover === true && { recover: true }),
    ...(values.seed !== undefined && { seed: String(values.seed) }),
    ...(exportPageSize !== undefined && { exportPageSize }),
    ...(values["rate-limits"] === true && { rateLimits: timeScale !== undefined ? { timeScale } : true }),
    ...(faultRate !== undefined && {
      faults: { rate: faultRate, ...(faultSeed !== undefined && { seed: faultSeed }) },
    }),
  };
}

export interface SandboxFlags {
  options: SandboxServerOptions & { port: number; host: string };
  help: boolean;
}

/** Parses `sideconvo-sandbox`'s flags: --port, --host, the sandbox's own, --help. */
export function parseSandboxFlags(args: string[]): SandboxFlags {
  let values: Values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: "string", default: "4011" },
        host: { type: "string", default: "127.0.0.1" },
        ...SANDBOX_FLAG_OPTIONS,
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new SandboxFlagError((error as Error).message);
  }
  return {
    options: { ...sandboxOptionsFromFlags(values), port: portFlag(values) ?? 4011, host: String(values.host) },
    help: values.help === true,
  };
}
