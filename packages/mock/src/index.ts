export { defaultSpec, freePort, type MockOptions, MockStartError, type RunningMock, startMock } from "./start-mock.js";
