import { createClient, participant } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

// Email; also participant.user(id), .slack(workspace, channel), .childTicket(group, agent), .teams(channel).
const { side_conversation, event } = await zd.sideConversations.create(42, {
  subject: "My printer is on fire!",
  body: "The smoke is very colorful.",
  to: [participant.email("someone@example.com", "Someone")],
});
console.log(side_conversation.id, event?.id);
