export { MOCK_FLAGS_HELP, MockFlagError, type MockFlags, parseMockFlags } from "./flags.js";
export type { FaultKind, FaultOptions, RateLimitOptions } from "./sandbox/gate.js";
export type { SandboxControl, SandboxOptions } from "./sandbox/sandbox.js";
export { type SandboxData, SandboxDataError } from "./sandbox/store.js";
export { defaultSpec, freePort, type MockOptions, MockStartError, type RunningMock, startMock } from "./start-mock.js";
