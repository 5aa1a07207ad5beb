// What every runtime runs, importing @sideconvo/client as installed from its tarball: a create, a
// list over two pages, a 429 waited out, a 503 retried. Copied into the user project as it is; no
// runtime-specific code. `run` keeps each runtime's tickets apart on the shared test server.
import { createClient, participant } from "@sideconvo/client";

export async function scenario(baseUrl, run) {
  const ticket = (n) => run * 10 + n;
  const retries = [];
  const zd = createClient({
    baseUrl,
    auth: { email: "runtime@example.com", apiToken: "runtime-token" },
    retry: { minDelayMs: 10, maxDelayMs: 20, onRetry: (info) => retries.push(info.reason) },
  });
  const results = {};
  const check = async (name, body) => {
    try {
      results[name] = { ok: true, ...(await body()) };
    } catch (error) {
      results[name] = { ok: false, error: `${error?.name}: ${error?.message}` };
    }
  };
  await check("create", async () => {
    const { side_conversation } = await zd.sideConversations.create(ticket(1), {
      subject: "Printer on fire",
      body: "Can you send a technician?",
      to: [participant.email("facilities@example.com")],
    });
    return { id: side_conversation.id };
  });
  await check("twoPages", async () => {
    const ids = [];
    for await (const sc of zd.iterate.sideConversations(ticket(2))) ids.push(sc.id);
    return { ids };
  });
  await check("rateLimited", async () => {
    const started = Date.now();
    const { side_conversation } = await zd.sideConversations.show(ticket(3), "sc-429");
    return { id: side_conversation.id, waitedMs: Date.now() - started };
  });
  await check("retried503", async () => {
    const { side_conversation } = await zd.sideConversations.show(ticket(4), "sc-503");
    return { id: side_conversation.id };
  });
  return { results, retries };
}
