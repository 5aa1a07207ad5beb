// The sandbox is @sideconvo/sandbox; its types are re-exported for the options of startMock({ stateful }).
export type { FaultKind, FaultOptions, SandboxData, SandboxRateLimitOptions } from "@sideconvo/sandbox";
export { SandboxDataError } from "@sideconvo/sandbox";
export { MOCK_FLAGS_HELP, MockFlagError, type MockFlags, mockLog, parseMockFlags } from "./flags.js";
export {
  defaultSpec,
  freePort,
  type MockOptions,
  MockStartError,
  type RunningMock,
  type SandboxControl,
  type SandboxOptions,
  startMock,
} from "./start-mock.js";
