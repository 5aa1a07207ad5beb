// @sideconvo/sandbox/node: the sandbox over HTTP, with a data file that survives restarts.

export {
  numberFlag,
  parseSandboxFlags,
  portFlag,
  SANDBOX_FLAG_OPTIONS,
  SANDBOX_FLAGS_HELP,
  SandboxFlagError,
  type SandboxFlags,
  sandboxOptionsFromFlags,
} from "./flags.js";
export {
  nodeHandler,
  type RunningSandboxServer,
  readSeed,
  type SandboxServerOptions,
  startSandboxServer,
} from "./http.js";
export { type Loaded, readDataFile } from "./journal.js";
