// Named types of the generated schemas. Nothing here repeats a schema: each name points into
// @sideconvo/openapi/schema (dist/schema.d.ts of @sideconvo/openapi), generated from the OpenAPI document. Object schemas are
// interfaces that extend the generated type, so that editors show their names rather than the
// expanded object; unions (oneOf) stay type aliases, which is all TypeScript allows for them.
import type { components, operations, paths } from "@sideconvo/openapi/schema";

type Schemas = components["schemas"];
/** A schema by name, in a form an interface can extend. */
type Schema<Name extends keyof Schemas> = Schemas[Name];

export type { components, operations, paths };

export interface SideConversation extends Schema<"SideConversation"> {}
export interface SideConversationParticipant extends Schema<"SideConversationParticipant"> {}
export interface SideConversationMessage extends Schema<"SideConversationMessage"> {}
export interface SideConversationAttachment extends Schema<"SideConversationAttachment"> {}
export interface SideConversationUpdates extends Schema<"SideConversationUpdates"> {}
export type SideConversationEvent = Schemas["SideConversationEvent"];
export interface SideConversationCreateEvent extends Schema<"SideConversationCreateEvent"> {}
export interface SideConversationReplyEvent extends Schema<"SideConversationReplyEvent"> {}
export interface SideConversationUpdateEvent extends Schema<"SideConversationUpdateEvent"> {}
export interface UploadedAttachment extends Schema<"UploadedAttachment"> {}
export interface ExternalIds extends Schema<"ExternalIds"> {}
export type Via = Schemas["Via"];
export interface ErrorResponse extends Schema<"ErrorResponse"> {}

export interface SideConversationMessageInput extends Schema<"SideConversationMessageInput"> {}
export type SideConversationRecipients = Schemas["SideConversationRecipients"];
export type SideConversationParticipantInput = Schemas["SideConversationParticipantInput"];
export type EmailParticipantInput = Schemas["EmailParticipantInput"];
export interface SlackParticipantInput extends Schema<"SlackParticipantInput"> {}
export interface ChildTicketParticipantInput extends Schema<"ChildTicketParticipantInput"> {}
export interface MsTeamsParticipantInput extends Schema<"MsTeamsParticipantInput"> {}
export interface ExternalIdsInput extends Schema<"ExternalIdsInput"> {}
export interface CreateSideConversationRequest extends Schema<"CreateSideConversationRequest"> {}
export interface ReplyToSideConversationRequest extends Schema<"ReplyToSideConversationRequest"> {}
export interface UpdateSideConversationRequest extends Schema<"UpdateSideConversationRequest"> {}
export interface ImportSideConversationRequest extends Schema<"ImportSideConversationRequest"> {}
export interface ImportSideConversationEventsRequest extends Schema<"ImportSideConversationEventsRequest"> {}
export interface ImportEventInput extends Schema<"ImportEventInput"> {}

export type ConversationLogEvent = Schemas["ConversationLogEvent"];
export interface ConversationLogCommentEvent extends Schema<"ConversationLogCommentEvent"> {}
export interface ConversationLogMessageEvent extends Schema<"ConversationLogMessageEvent"> {}
export type ConversationLogAuthor = Schemas["ConversationLogAuthor"];
export type ConversationLogContent = Schemas["ConversationLogContent"];
export interface ConversationLogAttachment extends Schema<"ConversationLogAttachment"> {}

export interface SideConversationListResponse extends Schema<"SideConversationListResponse"> {}
export interface SideConversationResponse extends Schema<"SideConversationResponse"> {}
export interface SideConversationWriteResponse extends Schema<"SideConversationWriteResponse"> {}
export interface SideConversationEventListResponse extends Schema<"SideConversationEventListResponse"> {}
export interface SideConversationEventExportResponse extends Schema<"SideConversationEventExportResponse"> {}
export interface ConversationLogResponse extends Schema<"ConversationLogResponse"> {}
