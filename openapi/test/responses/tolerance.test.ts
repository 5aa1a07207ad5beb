import { describe, expect, it } from "vitest";
import { formatErrors, responseSchemaPointer, validate } from "../spec.js";

// Responses are tolerant: what a real server sends must pass, even where the vendor's tables
// are narrower (unknown fields, nulls, enum values added later, types of events not yet known).
const sideConversation = {
  id: "8566255a-ece5-11e8-857d-493066fa7b17",
  ticket_id: 42,
  subject: "Help",
  state: "open",
  participants: [{ user_id: 1, name: "A", email: "a@example.com" }],
  external_ids: {},
  created_at: "2018-11-20T16:58:36.453+00:00",
};
const event = {
  id: "e1",
  side_conversation_id: sideConversation.id,
  type: "reply",
  via: "api",
  created_at: "2018-11-20T16:58:36.453+00:00",
};
const logEvent = {
  id: "01J9QN8DE6EV34VR3W0KGFY7TW",
  type: "Comment",
  created_at: "2024-10-09T03:30:42Z",
  reference: "zen:ticket_event:8639326502654",
  author: { type: "agent", "zen:support:user_id": 1 },
  content: { type: "html", body: "<p>hi</p>" },
  attachments: [],
  metadata: {},
};

const accepted: [what: string, operationId: string, status: number, body: unknown][] = [
  [
    "unknown fields everywhere",
    "showSideConversation",
    200,
    {
      side_conversation: { ...sideConversation, brand_new: { x: 1 }, participants: [{ user_id: 1, role: "cc" }] },
      extra: true,
    },
  ],
  [
    "nulls where values can be missing",
    "showSideConversation",
    200,
    {
      side_conversation: {
        ...sideConversation,
        subject: null,
        preview_text: null,
        url: null,
        message_added_at: null,
        state_updated_at: null,
        updated_at: null,
        participants: [{ user_id: null, name: null, email: null }],
      },
    },
  ],
  [
    "a state added later",
    "showSideConversation",
    200,
    { side_conversation: { ...sideConversation, state: "archived" } },
  ],
  [
    "a server-added external id of another type",
    "showSideConversation",
    200,
    { side_conversation: { ...sideConversation, external_ids: { targetTicketId: 43 } } },
  ],
  [
    "a child-ticket participant with string ids",
    "showSideConversation",
    200,
    { side_conversation: { ...sideConversation, participants: [{ support_group_id: "123", support_agent_id: null }] } },
  ],
  ["a reply answer without event and updates", "replyToSideConversation", 200, { side_conversation: sideConversation }],
  [
    "an event type added later",
    "listSideConversationEvents",
    200,
    { events: [{ ...event, type: "transfer", message: null }], next_page: null, previous_page: null, count: 1 },
  ],
  [
    "a create event without a message object",
    "listSideConversationEvents",
    200,
    { events: [{ ...event, type: "create", actor: null }], next_page: null },
  ],
  [
    "an update event with updates",
    "listSideConversationEvents",
    200,
    { events: [{ ...event, type: "update", updates: { state: "closed" } }], next_page: null },
  ],
  [
    "a via added later and a message with extra fields",
    "listSideConversationEvents",
    200,
    { events: [{ ...event, via: "whatsapp", message: { via: "support", to: [], from: null } }], next_page: null },
  ],
  [
    "an export page with nulls",
    "exportSideConversationEvents",
    200,
    { events: [], next_page: null, end_time: null, count: null, end_of_stream: true },
  ],
  ["an error with the string form", "showSideConversation", 404, { error: "RecordNotFound", description: "Not found" }],
  [
    "an error with the object form and details",
    "createSideConversation",
    422,
    { error: { title: "Invalid", message: "Bad" }, details: { to: [{ error: "InvalidValue" }] } },
  ],
  [
    "an upload answer without image sizes",
    "uploadSideConversationAttachment",
    201,
    { id: "s3-1", name: "a.txt", content_type: "text/plain", size: 3 },
  ],
  [
    "a log event type added later",
    "listConversationLog",
    200,
    { events: [{ ...logEvent, type: "ChatStartedEvent" }], meta: { has_more: false } },
  ],
  [
    "a log author type added later",
    "listConversationLog",
    200,
    { events: [{ ...logEvent, author: { type: "end-user|agent|system" } }], meta: { has_more: false } },
  ],
  [
    "a log content type added later",
    "listConversationLog",
    200,
    { events: [{ ...logEvent, content: { type: "carousel", items: [] } }], meta: { has_more: false } },
  ],
  [
    "a bot author with subtypes and id -1",
    "listConversationLog",
    200,
    {
      events: [{ ...logEvent, author: { type: "bot", subtypes: ["ai"], "zen:support:user_id": -1 } }],
      meta: { has_more: false },
    },
  ],
  [
    "a log page with null links and cursors",
    "listConversationLog",
    200,
    {
      events: [],
      links: { next: null, prev: null },
      meta: { has_more: false, after_cursor: null, before_cursor: null },
    },
  ],
];

const refused: [what: string, operationId: string, status: number, body: unknown][] = [
  ["a list without its side_conversations array", "listSideConversations", 200, { next_page: null }],
  [
    "a side conversation id that is a number",
    "showSideConversation",
    200,
    { side_conversation: { ...sideConversation, id: 1 } },
  ],
  ["an event without a type", "listSideConversationEvents", 200, { events: [{ id: "e1" }], next_page: null }],
  [
    "a create event whose type is not what its tag says",
    "listSideConversationEvents",
    200,
    { events: [{ ...event, type: 7 }], next_page: null },
  ],
  [
    "an events page without next_page (the end of paging must be said, not guessed)",
    "listSideConversationEvents",
    200,
    { events: [] },
  ],
  [
    "an export page without next_page",
    "exportSideConversationEvents",
    200,
    { events: [], end_time: null, count: null, end_of_stream: true },
  ],
  ["a log page without meta", "listConversationLog", 200, { events: [] }],
  // The vendor's table marks all eight fields of a log record mandatory: verify flags a live answer
  // that lacks one.
  ...(["attachments", "author", "content", "created_at", "id", "metadata", "reference", "type"] as const).map(
    (field) =>
      [
        `a log event without ${field}`,
        "listConversationLog",
        200,
        {
          events: [Object.fromEntries(Object.entries(logEvent).filter(([key]) => key !== field))],
          meta: { has_more: false },
        },
      ] as [string, string, number, unknown],
  ),
  [
    "a log event whose content has no type",
    "listConversationLog",
    200,
    { events: [{ ...logEvent, content: { body: "x" } }], meta: { has_more: false } },
  ],
  [
    "an html content whose body is a number",
    "listConversationLog",
    200,
    { events: [{ ...logEvent, content: { type: "html", body: 5 } }], meta: { has_more: false } },
  ],
  ["an upload answer without an id", "uploadSideConversationAttachment", 201, { name: "a.txt" }],
];

describe("response schemas", () => {
  it.each(accepted)("accept %s", (_what, operationId, status, body) => {
    const errors = validate(responseSchemaPointer(operationId, status), body);
    expect(errors, formatErrors(errors)).toEqual([]);
  });

  it.each(refused)("still refuse %s", (_what, operationId, status, body) => {
    expect(validate(responseSchemaPointer(operationId, status), body)).not.toEqual([]);
  });
});
