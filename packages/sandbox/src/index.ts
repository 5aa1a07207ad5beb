// @sideconvo/sandbox: the stateful sandbox of the Side Conversations and Conversation Log APIs as
// one engine, `createSandbox().handle(request)`, for any runtime with the Fetch API.
export type { Clock as SandboxTimeSource } from "./engine/clock.js";
export { SandboxClock } from "./engine/clock.js";
export {
  bodyStream,
  checkSandboxOptions,
  createSandbox,
  explainRefusal,
  type Incoming,
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  type Outgoing,
  SANDBOX_URL,
  type Sandbox,
  type SandboxOptions,
  type SpecRefusal,
  transportFaults,
} from "./engine/engine.js";
export {
  FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  type RateLimitOptions as SandboxRateLimitOptions,
} from "./engine/limits.js";
export {
  API_TOKENS_END,
  OAUTH_AGENT,
  type OAuthClient,
  type OAuthOptions,
  SANDBOX_CLIENT,
  SANDBOX_OAUTH_CLIENTS,
} from "./engine/oauth.js";
export { type Violation, violationsHeader } from "./engine/problems.js";
export { type Change, checkData, emptyData, examplesData, type SandboxData, SandboxDataError } from "./engine/state.js";
// The sandbox's records, named apart from the client's response types (`SideConversation`, ...), so
// that a project importing both packages has no two types of one name.
export type {
  ConversationLogRecord,
  Participant as ParticipantRecord,
  SideConversation as SideConversationRecord,
  SideConversationEvent as SideConversationEventRecord,
  UploadedAttachment as UploadedAttachmentRecord,
} from "./engine/types.js";
