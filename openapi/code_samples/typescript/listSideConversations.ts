import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

// One page (up to 100), with each side conversation's events sideloaded:
const { side_conversations, next_page } = await zd.sideConversations.list(42, { include: "events", perPage: 100 });
console.log(side_conversations.length, next_page);

// Or every side conversation of the ticket, one page in memory at a time:
for await (const sideConversation of zd.iterate.sideConversations(42)) {
  console.log(sideConversation.id, sideConversation.state, sideConversation.subject);
}
