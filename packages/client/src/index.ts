export type { Auth } from "./auth.js";
export {
  type CallOptions,
  type ConversationLogOptions,
  createClient,
  type ImportInput,
  type ListOptions,
  type SideconvoClient,
  type UploadInput,
} from "./client.js";
export {
  ApiError,
  NetworkError,
  RateLimitError,
  ResponseError,
  SecurityError,
  SideconvoError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export type { ClientOptions } from "./options.js";
export type { EventExport, ExportCheckpoint, ExportOptions } from "./paginate.js";
export { checkMessage, checkParticipant, participant } from "./participants.js";
export type { RateLimitOptions, WaitInfo } from "./rate-limit.js";
export type { RetryInfo, RetryOptions } from "./retry.js";
export type * from "./types.js";
