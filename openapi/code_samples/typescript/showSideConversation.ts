import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

const { side_conversation, events } = await zd.sideConversations.show(42, "8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f", {
  include: "events",
});
console.log(side_conversation.state, side_conversation.participants, events?.length);
