import { createClient, participant } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

const { side_conversation } = await zd.sideConversations.reply(42, "8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f", {
  body: "Any news about the printer?",
  to: [participant.email("someone@example.com")],
});
console.log(side_conversation.message_added_at);
