import { createClient, participant } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

// The recipients decide the type: one create for each example of the request body.
const message = { subject: "My printer is on fire!", body: "The smoke is very colorful." };

// Email to an external address, with an attachment uploaded before (its id) and external ids:
const { side_conversation, event } = await zd.sideConversations.create(
  42,
  {
    ...message,
    to: [participant.email("someone@example.com", "John Doe")],
    external_ids: { "message-external": "xyz" },
    attachment_ids: ["s3-d2a3111e-26d9-4e1c-88b4-cf7c0649d81d"],
  },
  { externalIds: { "conversation-external": "zyx" } },
);
console.log(side_conversation.id, event?.id);

// Email to an existing user; Slack; a child ticket for an agent of a group; Microsoft Teams:
await zd.sideConversations.create(42, { ...message, to: [participant.user(123)] });
await zd.sideConversations.create(42, { ...message, to: [participant.slack("T123ABC", "C456DEF")] });
await zd.sideConversations.create(42, { ...message, to: [participant.childTicket(123, 456)] });
await zd.sideConversations.create(42, { ...message, to: [participant.teams("19:abc123@thread.tacv2")] });
