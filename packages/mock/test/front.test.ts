import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiLink, rewriteLinks, specPath } from "../src/front.js";
import { type RunningMock, startMock } from "../src/index.js";

const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const auth = { authorization: `Basic ${btoa("agent@example.com/token:x")}` };

describe("specPath: the spec's path for a path as clients write it", () => {
  it.each([
    ["/api/v2/tickets/42/side_conversations.json", "/api/v2/tickets/42/side_conversations"],
    ["/api/v2/tickets/42/side_conversations", "/api/v2/tickets/42/side_conversations"],
    [`/api/v2/tickets/42/side_conversations/${ID}.json`, `/api/v2/tickets/42/side_conversations/${ID}`],
    [`/api/v2/tickets/42/side_conversations/${ID}/reply.json`, `/api/v2/tickets/42/side_conversations/${ID}/reply`],
    ["/api/v2/tickets/side_conversations/events.json", "/api/v2/tickets/side_conversations/events"],
    ["/api/v2/tickets/42/conversation_log.json", "/api/v2/tickets/42/conversation_log"],
    // Only a trailing suffix: one inside the path is left for Prism to refuse.
    ["/api/v2/tickets/42.json/side_conversations", "/api/v2/tickets/42.json/side_conversations"],
  ])("%s → %s", (given, expected) => {
    expect(specPath(given)).toEqual({ path: expected });
  });

  it("answers the vendor's singular show path as the plural, and says so", () => {
    expect(specPath(`/api/v2/tickets/42/side_conversation/${ID}.json`)).toEqual({
      path: `/api/v2/tickets/42/side_conversations/${ID}`,
      alias: "side_conversation",
    });
    expect(specPath("/api/v2/tickets/42/side_conversation/import")).toEqual({
      path: "/api/v2/tickets/42/side_conversation/import",
    });
  });
});

describe("apiLink and rewriteLinks: next-page links as the real API writes them", () => {
  const origin = "http://127.0.0.1:4010";
  it.each([
    [
      "https://acme.zendesk.com/api/v2/tickets/side_conversations/events?start_time=1",
      `${origin}/api/v2/tickets/side_conversations/events.json?start_time=1`,
    ],
    [
      "https://acme.zendesk.com/api/v2/tickets/42/conversation_log.json?page%5Bafter%5D=x%3D&sort=created_at",
      `${origin}/api/v2/tickets/42/conversation_log.json?page%5Bafter%5D=x%3D&sort=created_at`,
    ],
  ])("%s → %s", (link, expected) => {
    expect(apiLink(link, origin)).toBe(expected);
  });

  it.each([[null], [undefined], [42], ["not a url"], ["https://example.com/elsewhere"]])("leaves %j alone", (link) => {
    expect(apiLink(link, origin)).toBe(link);
  });

  it("rewrites next_page, previous_page, links.next and links.prev, and nothing else", () => {
    const page = {
      next_page: "https://acme.zendesk.com/api/v2/tickets/42/side_conversations?page=2",
      previous_page: null,
      links: { next: "https://acme.zendesk.com/api/v2/tickets/42/conversation_log?page%5Bafter%5D=a", prev: null },
      side_conversations: [{ url: "https://acme.zendesk.com/api/v2/tickets/42/side_conversations/x" }],
    };
    expect(rewriteLinks(page, origin)).toEqual({
      ...page,
      next_page: `${origin}/api/v2/tickets/42/side_conversations.json?page=2`,
      links: { next: `${origin}/api/v2/tickets/42/conversation_log.json?page%5Bafter%5D=a`, prev: null },
    });
    expect(rewriteLinks([1, 2], origin)).toEqual([1, 2]);
    expect(rewriteLinks("text", origin)).toBe("text");
  });
});

describe("the front in front of Prism", () => {
  let mock: RunningMock;
  const log: string[] = [];
  beforeAll(async () => {
    mock = await startMock({ port: 0, onLog: (line) => log.push(line) });
  });
  afterAll(() => mock?.stop());

  it("hands Prism the id without .json", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations/${ID}.json`, { headers: auth });
    expect(response.status).toBe(200);
    expect(log.some((line) => line.includes(`get /api/v2/tickets/42/side_conversations/${ID} `))).toBe(true);
    expect(log.some((line) => line.includes(`${ID}.json`))).toBe(false);
  });

  it("hands out the export's next page on its own origin, as the Host header names it", async () => {
    const path = "/api/v2/tickets/side_conversations/events.json?start_time=1542000000";
    const direct = (await (await fetch(`${mock.url}${path}`, { headers: auth })).json()) as { next_page: string };
    expect(direct.next_page).toBe(`${mock.url}/api/v2/tickets/side_conversations/events.json?start_time=1542733800`);
    const port = new URL(mock.url).port;
    const named = (await (await fetch(`http://localhost:${port}${path}`, { headers: auth })).json()) as {
      next_page: string;
    };
    expect(named.next_page).toMatch(new RegExp(`^http://localhost:${port}/api/v2/.*\\.json\\?start_time=`));
    // Prism itself still serves the spec's example, on the vendor's host.
    const prism = (await (await fetch(`${mock.prismUrl}${path.replace(".json", "")}`, { headers: auth })).json()) as {
      next_page: string;
    };
    expect(prism.next_page).toMatch(/^https:\/\/acme\.zendesk\.com\//);
  });

  it("passes answers without links on byte for byte", async () => {
    const path = "/api/v2/tickets/42/side_conversations";
    const headers = { ...auth, prefer: "code=404" };
    const [viaFront, viaPrism] = await Promise.all([
      fetch(`${mock.url}${path}.json`, { headers }).then((r) => r.text()),
      fetch(`${mock.prismUrl}${path}`, { headers }).then((r) => r.text()),
    ]);
    expect(viaFront).toBe(viaPrism);
  });

  it("answers a JSON body that does not parse 400 at once, naming the problem (Prism alone never answers it)", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations.json`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: '{"message": {"body": "x", "to": [{"email": "a@example.com"}]}',
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toContain("invalid-json");
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^The request body is not valid JSON: .*JSON/);
  });

  it("refuses a JSON body over 10 MB with 413, without passing it on", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: `"${"x".repeat(10 * 1024 * 1024)}"`,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/10485762 bytes/);
  });

  it("passes a valid JSON body on unchanged, so Prism still checks it", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations.json`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ message: { to: [] } }),
    });
    // The vendor documents 400 for an invalid payload; Prism's 422 and the spec's canned example
    // are replaced by the sandbox's sentence naming the field and the value.
    expect(response.status).toBe(400);
    expect(response.headers.get("sl-violations")).toContain("message.to");
    expect(await response.json()).toEqual({
      error: { title: "Invalid request", message: "message.to must NOT have fewer than 1 items, got []" },
      details: {
        "message.to": [{ description: "message.to must NOT have fewer than 1 items, got []", error: "InvalidValue" }],
      },
    });
  });

  it("says mixed recipients in one sentence, where Prism reports every branch of every recipient", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations.json`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        message: { body: "x", to: [{ email: "a@example.com" }, { slack_workspace_id: "T1", slack_channel_id: "C1" }] },
      }),
    });
    expect(response.status).toBe(400);
    const violations = JSON.parse(response.headers.get("sl-violations") ?? "[]") as { message: string }[];
    expect(violations.map((v) => v.message)).toEqual([
      "message.to: recipients of different types cannot be mixed in one message, got email and Slack recipients",
    ]);
  });

  it("answers a query that breaks the spec 400 with the sandbox's sentence", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/conversation_log.json?page[size]=101`, {
      headers: auth,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "query.page.size must be <= 100, got 101",
    );
  });

  it("keeps Prism's own words where only Prism objects (an upload without its file part), as a 400", async () => {
    const form = new FormData();
    form.append("attachment", new Blob(["x"]), "x.txt");
    const response = await fetch(`${mock.url}/api/v2/tickets/side_conversations/attachments.json`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^body: .*file/);
  });

  it("still answers the documented 422 when a valid request asks for it", async () => {
    const response = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations.json`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", prefer: "code=422" },
      body: JSON.stringify({ message: { body: "x", to: [{ email: "a@example.com" }] } }),
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: unknown }).error).toBe("RecordInvalid");
  });
});
