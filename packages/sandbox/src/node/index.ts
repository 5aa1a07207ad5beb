// @sideconvo/sandbox/node: the sandbox over HTTP, with a data file that survives restarts.

export {
  nodeHandler,
  type RunningSandboxServer,
  readSeed,
  type SandboxServerOptions,
  startSandboxServer,
} from "./http.js";
export { type Loaded, readDataFile } from "./journal.js";
