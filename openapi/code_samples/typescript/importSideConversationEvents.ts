import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

await zd.sideConversations.importEvents(42, "8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f", [
  {
    created_at: "2022-10-05T20:47:02.230Z",
    message: {
      body: "An older reply, brought over from the other system.",
      to: [{ email: "someone@example.com" }],
      from: { email: "requester@example.com" },
    },
  },
]);
