import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

// A conversation held elsewhere, with its history (oldest message first). Like every POST, sent again
// only after a 429 or a connection that never opened: a second import would be a duplicate.
const { side_conversation } = await zd.sideConversations.import(42, {
  sideConversation: { subject: "I have problems", state: "open", externalIds: { threadExternalId: "thread-external" } },
  events: [
    {
      created_at: "2022-10-05T20:47:02.230Z",
      message: {
        subject: "My printer is on fire!",
        body: "The smoke is very colorful.",
        to: [{ email: "someone@example.com" }],
        from: { email: "requester@example.com" },
      },
    },
  ],
});
console.log(side_conversation.id);
