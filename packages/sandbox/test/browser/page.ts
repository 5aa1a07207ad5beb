// The page of the browser test: the sandbox in the tab, served to the real client through MSW's
// service worker. The bundle puts the scenario on the window for the test to call.
import { createClient, participant } from "@sideconvo/client";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { setupWorker } from "msw/browser";
import { createSandbox } from "../../src/index.js";
import { SANDBOX_URL, sandboxHandlers } from "../../src/msw.js";

async function scenario() {
  // The engine on its own, in the page: no network at all.
  const engine = createSandbox({ ...KEEP_API_TOKENS, seed: "empty" });
  const direct = await engine.handle(
    new Request("http://tab.local/api/v2/tickets/5/side_conversations", {
      method: "POST",
      headers: { authorization: `Basic ${btoa("a@example.com/token:x")}`, "content-type": "application/json" },
      body: JSON.stringify({ message: { body: "in the tab", to: [{ email: "b@example.com" }] } }),
    }),
  );
  // The client, through the service worker.
  const { handlers, sandbox } = sandboxHandlers({ ...KEEP_API_TOKENS, seed: "empty" });
  const worker = setupWorker(...handlers);
  await worker.start({ serviceWorker: { url: "/mockServiceWorker.js" }, quiet: true, onUnhandledFrame: "bypass" });
  const zd = createClient({ baseUrl: SANDBOX_URL, auth: { email: "agent@example.com", apiToken: "x" } });
  const { side_conversation } = await zd.sideConversations.create(42, {
    subject: "From a browser tab",
    body: "x",
    to: [participant.email("facilities@example.com")],
  });
  await zd.sideConversations.reply(42, String(side_conversation.id), {
    body: "y",
    to: [participant.email("facilities@example.com")],
  });
  const listed = await zd.sideConversations.list(42, { include: "events" });
  const missing = await zd.sideConversations
    .show(42, "nope")
    .catch((error: { status?: number; requestId?: string }) => error);
  worker.stop();
  return {
    direct: direct.status,
    subjects: listed.side_conversations.map((sc) => sc.subject),
    events: listed.events?.map((event) => event.type),
    missing: {
      status: (missing as { status?: number }).status,
      requestId: (missing as { requestId?: string }).requestId,
    },
    kept: sandbox.snapshot().events.length,
  };
}

(window as unknown as { scenario: typeof scenario }).scenario = scenario;
