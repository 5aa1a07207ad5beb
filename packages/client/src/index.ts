export { API_TOKENS_END, type Auth, type TokenProvider } from "./auth.js";
export {
  type CallOptions,
  type ConversationLogOptions,
  type CreateOptions,
  createClient,
  type EventsOptions,
  type ImportInput,
  type ListOptions,
  type PageOptions,
  type ShowOptions,
  type SideConversationChanges,
  type SideconvoClient,
  type UploadInput,
} from "./client.js";
export type { Clock } from "./clock.js";
export {
  ApiError,
  AuthError,
  ExportStalledError,
  NetworkError,
  PaginationError,
  RateLimitError,
  ResponseError,
  ResponseTooLargeError,
  SecurityError,
  SideconvoError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export { fetchTokens, type OAuthAuth, OAuthError, type OAuthTokens, type TokenRequest } from "./oauth.js";
export type { ClientOptions } from "./options.js";
export type { EventExport, ExportCheckpoint, ExportOptions, SkippedSecond } from "./paginate.js";
export { checkMessage, checkParticipant, participant } from "./participants.js";
export { createSideconvoFetch, type SideconvoFetch } from "./policy-fetch.js";
export type { RateLimitOptions, WaitInfo } from "./rate-limit.js";
export type { RetryInfo, RetryOptions } from "./retry.js";
export type * from "./types.js";
