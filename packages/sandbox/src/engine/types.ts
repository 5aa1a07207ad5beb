// The records the sandbox keeps, typed by the spec's own schemas (@sideconvo/openapi/schema, from
// the bundle): a field renamed in the spec fails this package's compile, as it fails the client's.
import type { components, operations } from "@sideconvo/openapi/schema";

type Schemas = components["schemas"];
/** The spec marks server-assigned fields readOnly; the sandbox is the server that assigns them. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type Participant = Schemas["SideConversationParticipant"];
export type Attachment = Schemas["SideConversationAttachment"];
export type Message = Mutable<Schemas["SideConversationMessage"]>;

/** A side conversation as stored: the response shape, with the fields the sandbox always sets. */
export type SideConversation = Mutable<Schemas["SideConversation"]> & {
  id: string;
  ticket_id: number;
  created_at: string;
  participants: Participant[];
};

/** An event as stored: the response shape, with the fields the sandbox always sets. */
export type SideConversationEvent = Mutable<Schemas["SideConversationEventBase"]> & {
  id: string;
  side_conversation_id: string;
  ticket_id?: number;
  type: string;
  created_at: string;
  message?: Message;
  updates?: Schemas["SideConversationUpdates"];
};

export type UploadedAttachment = Mutable<Schemas["UploadedAttachment"]> & { id: string };
export type ConversationLogRecord = Schemas["ConversationLogEvent"] & { id: string; created_at: string };

export type MessageInput = Schemas["SideConversationMessageInput"];
export type RecipientInput = Schemas["SideConversationParticipantInput"];

type JsonBody<Op extends keyof operations> = operations[Op] extends {
  requestBody: { content: { "application/json": infer B } };
}
  ? B
  : never;
/** The JSON request body of an operation, as the spec defines it. */
export type RequestBody<Op extends keyof operations> = JsonBody<Op>;
/** The 2xx JSON answer of an operation, as the spec defines it. */
export type SuccessBody<Op extends keyof operations> = operations[Op]["responses"] extends infer R
  ? R extends Record<200 | 201, infer S> | Record<200, infer S> | Record<201, infer S>
    ? S extends { content: { "application/json": infer B } }
      ? B
      : never
    : never
  : never;
export type OperationName = keyof operations;
