import { createClient } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

// Every event of the account since a time, page after page, each event once.
const startTime = Math.floor(Date.parse("2026-11-01T00:00:00Z") / 1000);
const exported = zd.iterate.exportEvents({ startTime });
for await (const event of exported) {
  console.log(event.id, event.type);
}
// Save exported.checkpoint somewhere; pass it back as { checkpoint } to resume after a crash.
console.log(exported.checkpoint);
