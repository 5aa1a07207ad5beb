// @sideconvo/mcp: an MCP server for the Zendesk Side Conversations and Conversation Log APIs.
export { accountFromEnv, ConfigurationError } from "./account.js";
export type { Account, Budget, Connection } from "./connection.js";
export { type HttpFace, type HttpOptions, startHttp } from "./http.js";
export { type MainIo, main, type Running, USAGE } from "./main.js";
export { PROMPTS } from "./prompts.js";
export { SPEC_URI } from "./resources.js";
export {
  createSideconvoMcp,
  SERVER_NAME,
  SERVER_VERSION,
  type SideconvoMcp,
  type SideconvoMcpOptions,
} from "./server.js";
export { MAX_EVENTS, type SideconvoTool } from "./tools.js";
