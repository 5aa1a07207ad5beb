// The table of invalid request bodies, shared by the spec's tests and the client's (which must
// refuse the same bodies before sending them).
// Requests are strict: each case below is a valid body with one thing broken, and must be refused
// by the schema, with an error located where the break is.
const message = {
  subject: "My printer is on fire!",
  body: "The smoke is very colorful.",
  to: [{ email: "someone@example.com" }],
};
const slack = { slack_workspace_id: "T123ABC", slack_channel_id: "C456DEF" };
const childTicket = { support_group_id: 123, support_agent_id: 456 };
const teams = { msteams_channel_id: "19:abc123@thread.tacv2" };
const importEvent = {
  created_at: "2022-10-05T20:47:02.230Z",
  message: { ...message, from: { email: "requester@example.com" } },
};

export const valid: Record<string, unknown> = {
  createSideConversation: { message, external_ids: { mine: "x" } },
  replyToSideConversation: { message },
  updateSideConversation: { side_conversation: { state: "closed" } },
  importSideConversation: { side_conversation: { subject: "Old thread", state: "closed" }, events: [importEvent] },
  importSideConversationEvents: { events: [importEvent] },
};

export type Case = [operationId: string, what: string, body: unknown, at: string];
const withTo = (to: unknown) => ({ message: { ...message, to } });
const withMessage = (extra: Record<string, unknown>) => ({ message: { ...message, ...extra } });
const long = "x".repeat(256);

export const cases: Case[] = [
  ["createSideConversation", "no message at all", {}, ""],
  ["createSideConversation", "a message that is a string", { message: "hello" }, "/message"],
  ["createSideConversation", "a message without to", { message: { subject: "s", body: "b" } }, "/message"],
  ["createSideConversation", "an empty to", withTo([]), "/message/to"],
  [
    "createSideConversation",
    "a to that is one object, not an array",
    withTo({ email: "someone@example.com" }),
    "/message/to",
  ],
  [
    "createSideConversation",
    "email mixed with Slack",
    withTo([{ email: "someone@example.com" }, slack]),
    "/message/to",
  ],
  [
    "createSideConversation",
    "a child ticket mixed with email",
    withTo([childTicket, { email: "someone@example.com" }]),
    "/message/to",
  ],
  ["createSideConversation", "Teams mixed with Slack", withTo([teams, slack]), "/message/to"],
  ["createSideConversation", "a child ticket mixed with Teams", withTo([childTicket, teams]), "/message/to"],
  [
    "createSideConversation",
    "one participant with email and Slack fields",
    withTo([{ email: "someone@example.com", ...slack }]),
    "/message/to/0",
  ],
  ["createSideConversation", "a malformed email", withTo([{ email: "not-an-address" }]), "/message/to/0"],
  ["createSideConversation", "an email with a space", withTo([{ email: "john doe@example.com" }]), "/message/to/0"],
  ["createSideConversation", "an empty email", withTo([{ email: "" }]), "/message/to/0"],
  ["createSideConversation", "a name without an email", withTo([{ name: "John Doe" }]), "/message/to/0"],
  [
    "createSideConversation",
    "user_id and email together",
    withTo([{ user_id: 1, email: "someone@example.com" }]),
    "/message/to/0",
  ],
  ["createSideConversation", "a user_id given as a string", withTo([{ user_id: "123" }]), "/message/to/0"],
  ["createSideConversation", "a user_id of zero", withTo([{ user_id: 0 }]), "/message/to/0"],
  ["createSideConversation", "an empty participant", withTo([{}]), "/message/to/0"],
  ["createSideConversation", "a participant that is a string", withTo(["someone@example.com"]), "/message/to/0"],
  [
    "createSideConversation",
    "a Slack participant without its channel",
    withTo([{ slack_workspace_id: "T123ABC" }]),
    "/message/to/0",
  ],
  [
    "createSideConversation",
    "a Slack participant without its workspace",
    withTo([{ slack_channel_id: "C456DEF" }]),
    "/message/to/0",
  ],
  [
    "createSideConversation",
    "a Slack channel that is empty",
    withTo([{ ...slack, slack_channel_id: "" }]),
    "/message/to/0",
  ],
  [
    "createSideConversation",
    "a child ticket with a non-numeric group",
    withTo([{ support_group_id: "sales" }]),
    "/message/to/0",
  ],
  [
    "createSideConversation",
    "a child ticket with a negative group",
    withTo([{ support_group_id: -5 }]),
    "/message/to/0",
  ],
  ["createSideConversation", "a child ticket with only an agent", withTo([{ support_agent_id: 456 }]), "/message/to/0"],
  ["createSideConversation", "a Teams channel that is a number", withTo([{ msteams_channel_id: 19 }]), "/message/to/0"],
  [
    "createSideConversation",
    "a non-string external id value",
    { message, external_ids: { count: 3 } },
    "/external_ids/count",
  ],
  ["createSideConversation", "a null external id value", { message, external_ids: { ref: null } }, "/external_ids/ref"],
  [
    "createSideConversation",
    "an object as a message external id value",
    withMessage({ external_ids: { ref: { id: "1" } } }),
    "/message/external_ids/ref",
  ],
  ["createSideConversation", "an empty external id key", { message, external_ids: { "": "x" } }, "/external_ids"],
  [
    "createSideConversation",
    "a cc field the API does not have",
    withMessage({ cc: [{ email: "boss@example.com" }] }),
    "/message",
  ],
  ["createSideConversation", "an unknown top-level field", { message, priority: "high" }, ""],
  [
    "createSideConversation",
    "attachment ids that are a string",
    withMessage({ attachment_ids: "s3-abc" }),
    "/message/attachment_ids",
  ],
  [
    "createSideConversation",
    "an empty attachment id",
    withMessage({ attachment_ids: [""] }),
    "/message/attachment_ids/0",
  ],
  [
    "createSideConversation",
    "the same attachment twice",
    withMessage({ attachment_ids: ["s3-a", "s3-a"] }),
    "/message/attachment_ids",
  ],
  [
    "createSideConversation",
    "a subject longer than 255 characters",
    withMessage({ subject: long }),
    "/message/subject",
  ],
  ["createSideConversation", "a body that is a number", withMessage({ body: 42 }), "/message/body"],
  [
    "createSideConversation",
    "a from with unknown fields",
    withMessage({ from: { email: "a@example.com", role: "agent" } }),
    "/message/from",
  ],
  ["replyToSideConversation", "no to", { message: { body: "Any news?" } }, "/message"],
  ["replyToSideConversation", "an empty to", withTo([]), "/message/to"],
  [
    "replyToSideConversation",
    "email mixed with a child ticket",
    withTo([{ email: "someone@example.com" }, childTicket]),
    "/message/to",
  ],
  ["replyToSideConversation", "a malformed email", withTo([{ email: "someone@" }]), "/message/to/0"],
  [
    "replyToSideConversation",
    "a Slack participant without its channel",
    withTo([{ slack_workspace_id: "T123ABC" }]),
    "/message/to/0",
  ],
  ["replyToSideConversation", "external ids on the reply itself", { message, external_ids: { a: "b" } }, ""],
  ["updateSideConversation", "nothing to change", { side_conversation: {} }, "/side_conversation"],
  ["updateSideConversation", "no side_conversation", { state: "closed" }, ""],
  [
    "updateSideConversation",
    "a state that does not exist",
    { side_conversation: { state: "archived" } },
    "/side_conversation/state",
  ],
  // The read-only fields of a side conversation (id, participants…) are accepted and ignored: the
  // vendor's own update example sends them back. A field that is not a side conversation's is not.
  [
    "updateSideConversation",
    "a field that is not a side conversation's",
    { side_conversation: { state: "closed", colour: "blue" } },
    "/side_conversation",
  ],
  ["updateSideConversation", "an empty subject", { side_conversation: { subject: "" } }, "/side_conversation/subject"],
  [
    "updateSideConversation",
    "a subject that is null",
    { side_conversation: { subject: null } },
    "/side_conversation/subject",
  ],
  ["importSideConversation", "no events", { side_conversation: { subject: "s" } }, ""],
  ["importSideConversation", "an empty events list", { side_conversation: { subject: "s" }, events: [] }, "/events"],
  [
    "importSideConversation",
    "an event time that is not a date-time",
    { events: [{ ...importEvent, created_at: "yesterday" }] },
    "/events/0/created_at",
  ],
  [
    "importSideConversation",
    "an event without a message",
    { events: [{ created_at: "2022-10-05T20:47:02.230Z" }] },
    "/events/0",
  ],
  [
    "importSideConversation",
    "an event whose recipients mix types",
    { events: [{ message: { ...message, to: [{ email: "someone@example.com" }, teams] } }] },
    "/events/0/message/to",
  ],
  [
    "importSideConversation",
    "a state that does not exist",
    { side_conversation: { state: "pending" }, events: [importEvent] },
    "/side_conversation/state",
  ],
  [
    "importSideConversation",
    "a non-string external id",
    { side_conversation: { external_ids: { n: 1 } }, events: [importEvent] },
    "/side_conversation/external_ids/n",
  ],
  [
    "importSideConversation",
    "an unknown field on the event",
    { events: [{ ...importEvent, via: "email" }] },
    "/events/0",
  ],
  ["importSideConversationEvents", "no events", {}, ""],
  ["importSideConversationEvents", "events that are an object", { events: importEvent }, "/events"],
  [
    "importSideConversationEvents",
    "a from with a malformed email",
    { events: [{ message: { ...message, from: { email: "nobody" } } }] },
    "/events/0/message/from",
  ],
];

/** Invalid parameters (path and query), sent raw: each must be refused by the mock and the sandbox alike. */
export const invalidParameters: [what: string, method: string, path: string][] = [
  ["a ticket id that is not a number", "GET", "/api/v2/tickets/abc/side_conversations"],
  ["a ticket id of zero", "GET", "/api/v2/tickets/0/side_conversations"],
  ["an include that does not exist", "GET", "/api/v2/tickets/42/side_conversations?include=everything"],
  [
    "a per_page over 100",
    "GET",
    "/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17/events?per_page=500",
  ],
  ["a page of zero", "GET", "/api/v2/tickets/42/side_conversations?page=0"],
  ["an export without start_time", "GET", "/api/v2/tickets/side_conversations/events"],
  [
    "an export with the table's unix_time instead",
    "GET",
    "/api/v2/tickets/side_conversations/events?unix_time=1700000000",
  ],
  ["a negative start_time", "GET", "/api/v2/tickets/side_conversations/events?start_time=-1"],
  ["a page[size] over 100", "GET", "/api/v2/tickets/42/conversation_log?page[size]=101"],
  ["a page[size] of zero", "GET", "/api/v2/tickets/42/conversation_log?page[size]=0"],
  ["a sort that does not exist", "GET", "/api/v2/tickets/42/conversation_log?sort=updated_at"],
];
