import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

for await (const event of zd.iterate.conversationLog(42, { pageSize: 100, sort: "created_at" })) {
  console.log(event.created_at, event.type, event.author?.type);
}
