// Named aliases of the generated types. Nothing here repeats a schema: each name points into
// src/generated/schema.d.ts, which is generated from the OpenAPI document.
import type { components, operations, paths } from "./generated/schema.js";

type Schemas = components["schemas"];

export type { components, operations, paths };

export type SideConversation = Schemas["SideConversation"];
export type SideConversationParticipant = Schemas["SideConversationParticipant"];
export type SideConversationMessage = Schemas["SideConversationMessage"];
export type SideConversationAttachment = Schemas["SideConversationAttachment"];
export type SideConversationUpdates = Schemas["SideConversationUpdates"];
export type SideConversationEvent = Schemas["SideConversationEvent"];
export type SideConversationCreateEvent = Schemas["SideConversationCreateEvent"];
export type SideConversationReplyEvent = Schemas["SideConversationReplyEvent"];
export type SideConversationUpdateEvent = Schemas["SideConversationUpdateEvent"];
export type UploadedAttachment = Schemas["UploadedAttachment"];
export type ExternalIds = Schemas["ExternalIds"];
export type Via = Schemas["Via"];
export type ErrorResponse = Schemas["ErrorResponse"];

export type SideConversationMessageInput = Schemas["SideConversationMessageInput"];
export type SideConversationRecipients = Schemas["SideConversationRecipients"];
export type SideConversationParticipantInput = Schemas["SideConversationParticipantInput"];
export type EmailParticipantInput = Schemas["EmailParticipantInput"];
export type SlackParticipantInput = Schemas["SlackParticipantInput"];
export type ChildTicketParticipantInput = Schemas["ChildTicketParticipantInput"];
export type MsTeamsParticipantInput = Schemas["MsTeamsParticipantInput"];
export type ExternalIdsInput = Schemas["ExternalIdsInput"];
export type CreateSideConversationRequest = Schemas["CreateSideConversationRequest"];
export type ReplyToSideConversationRequest = Schemas["ReplyToSideConversationRequest"];
export type UpdateSideConversationRequest = Schemas["UpdateSideConversationRequest"];
export type ImportSideConversationRequest = Schemas["ImportSideConversationRequest"];
export type ImportSideConversationEventsRequest = Schemas["ImportSideConversationEventsRequest"];
export type ImportEventInput = Schemas["ImportEventInput"];

export type ConversationLogEvent = Schemas["ConversationLogEvent"];
export type ConversationLogCommentEvent = Schemas["ConversationLogCommentEvent"];
export type ConversationLogMessageEvent = Schemas["ConversationLogMessageEvent"];
export type ConversationLogAuthor = Schemas["ConversationLogAuthor"];
export type ConversationLogContent = Schemas["ConversationLogContent"];
export type ConversationLogAttachment = Schemas["ConversationLogAttachment"];

export type SideConversationListResponse = Schemas["SideConversationListResponse"];
export type SideConversationResponse = Schemas["SideConversationResponse"];
export type SideConversationWriteResponse = Schemas["SideConversationWriteResponse"];
export type SideConversationEventListResponse = Schemas["SideConversationEventListResponse"];
export type SideConversationEventExportResponse = Schemas["SideConversationEventExportResponse"];
export type ConversationLogResponse = Schemas["ConversationLogResponse"];
