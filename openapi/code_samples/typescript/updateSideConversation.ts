import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

const id = "8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f";
await zd.sideConversations.update(42, id, { subject: "Printer on fire (3rd floor)" });
await zd.sideConversations.close(42, id); // same as update(42, id, { state: "closed" })
await zd.sideConversations.reopen(42, id);
