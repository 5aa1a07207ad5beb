import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

for await (const event of zd.iterate.events(42, "8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f", { perPage: 100 })) {
  console.log(event.created_at, event.type, event.actor?.name);
}
