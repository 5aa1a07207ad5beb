import { createClient, participant } from "@sideconvo/client";

const zd = createClient({
  subdomain: "acme",
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
});

const file = new Blob(["Printer log, line 1\n"], { type: "text/plain" });
const attachment = await zd.sideConversations.uploadAttachment({ file, fileName: "printer.log" });

await zd.sideConversations.create(42, {
  subject: "Printer log attached",
  body: "See the attached log.",
  to: [participant.email("someone@example.com")],
  attachment_ids: [attachment.id],
});
