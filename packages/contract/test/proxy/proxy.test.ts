import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatDrift, verifyAgainst } from "../support/drift.js";

// The live-verification machinery, proven against a loopback upstream that answers one request
// as the spec says and one with a side conversation whose id is a number.
const sideConversation = {
  id: "8566255a-ece5-11e8-857d-493066fa7b17",
  ticket_id: 42,
  subject: "Help",
  state: "open",
  participants: [{ user_id: 1, name: "A", email: "a@example.com" }],
  external_ids: {},
  created_at: "2018-11-20T16:58:36.453+00:00",
};

let upstream: Server;
let upstreamUrl: string;
const seen: string[] = [];
beforeAll(async () => {
  upstream = createServer((request, response) => {
    const url = new URL(request.url ?? "/", upstreamUrl);
    seen.push(`${url.pathname}${url.search}`);
    if (url.pathname === "/api/v2/tickets/42/side_conversations") {
      // The live API's offset pages: absolute links on its own origin, with .json.
      const second = url.searchParams.get("page") === "2";
      response.writeHead(200, { "content-type": "application/json", "x-zendesk-request-id": "upstream-2" });
      response.end(
        JSON.stringify({
          side_conversations: [{ ...sideConversation, id: second ? "sc-2" : "sc-1" }],
          next_page: second ? null : `${upstreamUrl}/api/v2/tickets/42/side_conversations.json?page=2`,
          previous_page: null,
          count: 2,
        }),
      );
      return;
    }
    const conforming = request.url?.startsWith("/api/v2/tickets/42/");
    response.writeHead(200, { "content-type": "application/json", "x-zendesk-request-id": "upstream-1" });
    response.end(
      JSON.stringify({ side_conversation: conforming ? sideConversation : { ...sideConversation, id: 123 } }),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const address = upstream.address();
  upstreamUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

const auth = { email: "verify@example.com", apiToken: "verify-token" };

describe("verifying the spec against a server through prism proxy", { timeout: 120_000 }, () => {
  it("reports no drift for a conforming answer", async () => {
    const { drift, checked } = await verifyAgainst(upstreamUrl, auth, async (zd) => {
      await zd.sideConversations.show(42, sideConversation.id);
    });
    expect(checked).toBe(1);
    expect(drift).toEqual([]);
  });

  it("hands the live API's next_page back on the proxy's origin, so the client pages through the proxy", async () => {
    seen.length = 0;
    const ids: (string | undefined)[] = [];
    const { drift, checked } = await verifyAgainst(upstreamUrl, auth, async (zd) => {
      for await (const sc of zd.iterate.sideConversations(42)) ids.push(sc.id);
    });
    expect(ids).toEqual(["sc-1", "sc-2"]);
    // Both pages went through the proxy (and were checked): the client refuses a link to another
    // origin, which is what the upstream's own link would have been.
    expect(seen).toEqual(["/api/v2/tickets/42/side_conversations", "/api/v2/tickets/42/side_conversations?page=2"]);
    expect(checked).toBe(2);
    expect(drift).toEqual([]);
  });

  it("catches a non-conforming answer, in Prism's report and in the 2020-12 validation", async () => {
    const { drift } = await verifyAgainst(upstreamUrl, auth, async (zd) => {
      await zd.sideConversations.show(43, sideConversation.id);
    });
    console.info(`drift report of the loopback upstream:\n${formatDrift(drift)}`);
    expect(drift).toHaveLength(1);
    expect(drift[0]?.operation).toBe("showSideConversation");
    expect(drift[0]?.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Prism: response\.body\.side_conversation\.id .*string/),
        expect.stringMatching(/^2020-12: showSideConversation 200 \/side_conversation\/id must be string/),
      ]),
    );
  });
});

// Against a real account, when credentials are given: read-only operations only.
const { ZENDESK_SUBDOMAIN, ZENDESK_EMAIL, ZENDESK_API_TOKEN, ZENDESK_OAUTH_TOKEN, ZENDESK_TICKET_ID } = process.env;
const liveAuth = ZENDESK_OAUTH_TOKEN
  ? { oauthToken: ZENDESK_OAUTH_TOKEN }
  : ZENDESK_EMAIL && ZENDESK_API_TOKEN
    ? { email: ZENDESK_EMAIL, apiToken: ZENDESK_API_TOKEN }
    : undefined;
const live = ZENDESK_SUBDOMAIN && liveAuth;

describe("verifying the spec against a live account", () => {
  it.skipIf(!live)(
    "is skipped without ZENDESK_SUBDOMAIN and ZENDESK_EMAIL + ZENDESK_API_TOKEN (or ZENDESK_OAUTH_TOKEN); ZENDESK_TICKET_ID adds per-ticket reads",
    async () => {
      const { drift, checked } = await verifyAgainst(
        `https://${ZENDESK_SUBDOMAIN}.zendesk.com`,
        liveAuth as never,
        async (zd) => {
          await zd.sideConversations.exportEvents(Math.floor(Date.now() / 1000) - 86_400);
          const ticket = Number(ZENDESK_TICKET_ID);
          if (ticket > 0) {
            const { side_conversations } = await zd.sideConversations.list(ticket, { include: "events" });
            const first = side_conversations[0]?.id;
            if (first) {
              await zd.sideConversations.show(ticket, first);
              await zd.sideConversations.events(ticket, first);
            }
            await zd.conversationLog.list(ticket);
          }
        },
      );
      console.info(`live drift report for ${ZENDESK_SUBDOMAIN} (${checked} responses):\n${formatDrift(drift)}`);
      expect(drift).toEqual([]);
    },
    120_000,
  );
});
