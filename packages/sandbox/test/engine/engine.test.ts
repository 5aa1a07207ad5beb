import { createRequire } from "node:module";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/index.js";

// The engine through its one function, handle(Request): what every face (HTTP, MSW, a page) serves.
const BASE = "http://127.0.0.1:4010";
const AUTH = `Basic ${btoa("agent@example.com/token:secret")}`;

function call(sandbox: Sandbox, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return sandbox.handle(
    new Request(`${BASE}${path}`, {
      method,
      headers: {
        authorization: AUTH,
        ...(body !== undefined && { "content-type": "application/json" }),
        ...headers,
      },
      ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
    }),
  );
}
// biome-ignore lint/suspicious/noExplicitAny: answers of many shapes, read field by field
type Body = Record<string, any>;
const read = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Body,
  headers: response.headers,
});
const create = (to: unknown[], extra: Record<string, unknown> = {}) => ({
  message: { subject: "Hello", body: "Can you help?", to, ...extra },
});

describe("the engine: operations from the spec, on the state", () => {
  it("opens a child ticket next to the highest ticket, also when the sandbox knows 200,000 tickets", async () => {
    const tickets = Array.from({ length: 200_000 }, (_, i) => i + 1);
    const seed = { tickets, side_conversations: [], events: [], attachments: [], conversation_log: {} };
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed });
    const created = await read(
      await call(sandbox, "POST", "/api/v2/tickets/7/side_conversations", create([{ support_group_id: 5 }])),
    );
    // It was a 500 (RangeError: Math.max over a spread of every ticket id).
    expect(created.status).toBe(201);
    expect(created.body.side_conversation.external_ids.targetTicketId).toBe(200_001);
    const second = await read(
      await call(sandbox, "POST", "/api/v2/tickets/7/side_conversations", create([{ support_group_id: 5 }])),
    );
    expect(second.body.side_conversation.external_ids.targetTicketId).toBe(200_002);
  });

  it("creates, lists, replies and shows, with the headers a client reads", async () => {
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: "empty" });
    const created = await read(
      await call(sandbox, "POST", "/api/v2/tickets/1001/side_conversations", create([{ email: "Ann@Example.com" }])),
    );
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(created.headers.get("x-zendesk-request-id")).toMatch(/^[0-9a-f]{16}$/);
    expect(created.headers.get("access-control-allow-origin")).toBe("*");
    const id = created.body.side_conversation.id as string;
    expect(created.body.side_conversation.url).toBe(`${BASE}/api/v2/tickets/1001/side_conversations/${id}`);

    // The same address in other case is the same participant: no second one.
    const reply = await read(
      await call(
        sandbox,
        "POST",
        `/api/v2/tickets/1001/side_conversations/${id}/reply.json`,
        create([{ email: "ann@example.COM" }]),
      ),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.side_conversation.participants.map((p: { email: string }) => p.email)).toEqual([
      "agent@example.com",
      "Ann@Example.com",
    ]);
    const list = await read(await call(sandbox, "GET", "/api/v2/tickets/1001/side_conversations.json?include=events"));
    expect(list.body.side_conversations).toHaveLength(1);
    expect(list.body.events.map((e: { type: string }) => e.type)).toEqual(["create", "reply"]);
    const shown = await read(await call(sandbox, "GET", `/api/v2/tickets/1001/side_conversations/${id}`));
    expect(shown.body.side_conversation.preview_text).toBe("Can you help?");
    // "You can sideload side conversations" on a side conversation's events.
    const events = await read(
      await call(
        sandbox,
        "GET",
        `/api/v2/tickets/1001/side_conversations/${id}/events.json?include=side_conversations`,
      ),
    );
    expect(events.body.side_conversations).toEqual([shown.body.side_conversation]);
    const plain = await read(await call(sandbox, "GET", `/api/v2/tickets/1001/side_conversations/${id}/events.json`));
    expect(plain.body).not.toHaveProperty("side_conversations");
    const wrong = await call(
      sandbox,
      "GET",
      `/api/v2/tickets/1001/side_conversations/${id}/events.json?include=events`,
    );
    expect(wrong.status).toBe(400);
  });

  it("makes a ticket it has not seen exist; with unknownTickets 404 it says which ticket and how to add it", async () => {
    const open = createSandbox({ ...KEEP_API_TOKENS, seed: "empty" });
    expect((await call(open, "GET", "/api/v2/tickets/7/side_conversations")).status).toBe(200);
    expect(open.snapshot().tickets).toEqual([7]);
    const strict = createSandbox({
      ...KEEP_API_TOKENS,
      seed: { ...open.snapshot(), tickets: [], unknownTickets: "404" },
    });
    const missing = await read(
      await call(strict, "POST", "/api/v2/tickets/1001/side_conversations", create([{ email: "a@example.com" }])),
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      error: "RecordNotFound",
      description: expect.stringMatching(/Ticket 1001 is not in the sandbox.*add 1001 to the seed's "tickets"/),
    });
    expect(strict.snapshot().side_conversations).toEqual([]);
  });

  it("answers 401 without credentials and 404 for a route the spec does not have, with CORS", async () => {
    const sandbox = createSandbox(KEEP_API_TOKENS);
    const anonymous = await sandbox.handle(new Request(`${BASE}/api/v2/tickets/42/side_conversations`));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Couldn't authenticate you" });
    const nowhere = await read(await call(sandbox, "DELETE", "/api/v2/tickets/42/side_conversations"));
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.description).toBe("DELETE is not an operation of /api/v2/tickets/42/side_conversations");
    const preflight = await sandbox.handle(
      new Request(`${BASE}/api/v2/tickets/42/side_conversations`, { method: "OPTIONS" }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("authorization");
  });
});

describe("refusals a person can read", () => {
  const sandbox = createSandbox(KEEP_API_TOKENS);
  const violations = (response: Response) =>
    JSON.parse(response.headers.get("sl-violations") ?? "[]") as { location: string[]; message: string }[];

  it("says in one violation that recipients of different types cannot be mixed", async () => {
    const response = await call(
      sandbox,
      "POST",
      "/api/v2/tickets/42/side_conversations",
      create([{ email: "a@example.com" }, { slack_workspace_id: "T1", slack_channel_id: "C1" }]),
    );
    // A payload that breaks the rules is a 400, as the vendor documents; the sentence is the body's message.
    expect(response.status).toBe(400);
    expect(violations(response)).toEqual([
      {
        location: ["request", "body", "message", "to"],
        severity: "Error",
        code: "mixed-recipients",
        message:
          "message.to: recipients of different types cannot be mixed in one message, got email and Slack recipients",
      },
    ]);
    expect(await response.json()).toEqual({
      error: {
        title: "Invalid request",
        message:
          "message.to: recipients of different types cannot be mixed in one message, got email and Slack recipients",
      },
      details: {
        "message.to": [{ description: expect.stringContaining("cannot be mixed"), error: "InvalidValue" }],
      },
    });
  });

  it.each([
    [
      "a Slack channel without its workspace",
      create([{ slack_channel_id: "C1" }]),
      "message.to[0].slack_workspace_id is required",
    ],
    [
      "a malformed email",
      create([{ email: "not-an-address" }]),
      'message.to[0].email must match format "email", got "not-an-address"',
    ],
    [
      "an unknown field",
      { ...create([{ email: "a@example.com" }]), color: "red" },
      'color is not a field here, got "red"',
    ],
    ["an empty recipient list", create([]), "message.to must NOT have fewer than 1 items, got []"],
    [
      "an external id that is not a string",
      create([{ email: "a@example.com" }], { external_ids: { crm: 7 } }),
      "message.external_ids.crm must be string, got 7",
    ],
  ])("names the field and the value: %s", async (_what, body, message) => {
    const response = await call(sandbox, "POST", "/api/v2/tickets/42/side_conversations", body);
    expect(response.status).toBe(400);
    expect(violations(response).map((v) => v.message)).toContain(message);
    expect(violations(response).length).toBeLessThanOrEqual(2);
  });

  it.each([
    [
      "a ticket id that is not a number",
      "/api/v2/tickets/abc/side_conversations",
      'path.ticket_id must be integer, got "abc"',
    ],
    [
      "a page[size] over 100",
      "/api/v2/tickets/42/conversation_log?page[size]=101",
      "query.page.size must be <= 100, got 101",
    ],
    ["an export without start_time", "/api/v2/tickets/side_conversations/events", "query.start_time is required"],
  ])("refuses parameters with a 400 naming them: %s", async (_what, path, message) => {
    const response = await call(sandbox, "GET", path);
    expect(response.status).toBe(400);
    expect(violations(response).map((v) => v.message)).toContain(message);
  });

  it.each([
    ["bad JSON", "{ nope", 400, /not valid JSON/],
    ["JSON nested 200,000 deep", `${"[".repeat(200_000)}${"]".repeat(200_000)}`, 400, /nests deeper than 64 levels/],
    [
      "a body of 11 MB",
      JSON.stringify({ message: { body: "x".repeat(11 * 1024 * 1024), to: [] } }),
      413,
      /over the sandbox's 10485760/,
    ],
  ])("answers %s with %i, never 500, and keeps nothing", async (_what, text, status, message) => {
    const fresh = createSandbox({ ...KEEP_API_TOKENS, seed: "empty" });
    const response = await read(await call(fresh, "POST", "/api/v2/tickets/42/side_conversations", text));
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(message);
    expect(fresh.snapshot().side_conversations).toEqual([]);
  });
});

describe("namespaces, the clock and the admin routes", () => {
  it("keeps each namespace's state apart: a reset of one leaves the others", async () => {
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: "empty" });
    await call(sandbox, "POST", "/ns/w1/api/v2/tickets/42/side_conversations", create([{ email: "a@example.com" }]));
    const inTwo = await read(
      await call(sandbox, "POST", "/ns/w2/api/v2/tickets/42/side_conversations", create([{ email: "b@example.com" }])),
    );
    expect(inTwo.body.side_conversation.url).toMatch(`${BASE}/ns/w2/api/v2/tickets/42/side_conversations/`);
    expect((await call(sandbox, "POST", "/ns/w1/__sandbox/reset", {})).status).toBe(200);
    expect(sandbox.snapshot("w1").side_conversations).toEqual([]);
    expect(sandbox.snapshot("w2").side_conversations).toHaveLength(1);
    expect(sandbox.snapshot().side_conversations).toEqual([]);
  });

  it("moves time forward when told, for the records and the rate-limit windows", async () => {
    const sandbox = createSandbox({
      ...KEEP_API_TOKENS,
      seed: "empty",
      clock: { now: () => Date.UTC(2026, 0, 1) },
      rateLimits: { buckets: { "side-conversation-messages": 1 } },
    });
    const first = await read(
      await call(sandbox, "POST", "/api/v2/tickets/42/side_conversations", create([{ email: "a@example.com" }])),
    );
    expect(first.body.side_conversation.created_at).toBe("2026-01-01T00:00:00.000Z");
    expect(first.headers.get("ratelimit-remaining")).toBe("0");
    const spent = await read(
      await call(sandbox, "POST", "/api/v2/tickets/42/side_conversations", create([{ email: "a@example.com" }])),
    );
    expect(spent.status).toBe(429);
    expect(spent.headers.get("retry-after")).toBe("600");
    const moved = await read(await call(sandbox, "POST", "/__sandbox/clock", { advanceMs: 600_000 }));
    expect(moved.body).toEqual({ now: "2026-01-01T00:10:00.000Z" });
    const again = await read(
      await call(sandbox, "POST", "/api/v2/tickets/42/side_conversations", create([{ email: "a@example.com" }])),
    );
    expect(again.status).toBe(201);
    expect(again.body.side_conversation.created_at).toBe("2026-01-01T00:10:00.000Z");
    expect(() => sandbox.clock.advance(-1)).toThrow("advance(ms) takes a number of milliseconds, 0 or more, got -1");
  });

  it.each([
    [
      "a cross-site page",
      { origin: "https://evil.example", "content-type": "application/json" },
      BASE,
      403,
      /refuse cross-site requests \(from https:\/\/evil.example\)/,
    ],
    ["a form post (text/plain)", { "content-type": "text/plain" }, BASE, 415, /takes a JSON body/],
    [
      "a host name that is not loopback (DNS rebinding)",
      { "content-type": "application/json" },
      "http://rebind.example:4010",
      403,
      /localhost only, not on "rebind.example:4010"/,
    ],
  ])("refuses a reset from %s and keeps the state", async (_what, headers, base, status, message) => {
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: "empty", adminHosts: "loopback" });
    await call(sandbox, "POST", "/api/v2/tickets/42/side_conversations", create([{ email: "a@example.com" }]));
    const response = await sandbox.handle(
      new Request(`${base}/__sandbox/reset`, { method: "POST", headers, body: "{}" }),
    );
    expect(response.status).toBe(status);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect((await response.json()).description).toMatch(message);
    expect(sandbox.snapshot().side_conversations).toHaveLength(1);
  });

  it("refuses options that make no sense, naming the value", () => {
    expect(() => createSandbox({ ...KEEP_API_TOKENS, exportPageSize: 0 })).toThrow(
      "exportPageSize must be a positive integer, got 0",
    );
    expect(() => createSandbox({ ...KEEP_API_TOKENS, faults: { rate: 2 } })).toThrow(
      "faults.rate must be a number from 0 to 1, got 2",
    );
    expect(() => createSandbox({ ...KEEP_API_TOKENS, seed: "seed.json" as never })).toThrow(
      /seed must be "examples", "empty" or data, got "seed.json"/,
    );
    expect(() => createSandbox({ ...KEEP_API_TOKENS, seed: { tickets: [0] } as never })).toThrow(
      "seed: tickets[0] must be a positive integer, got 0",
    );
  });
});

describe("sandbox.fetch, for a client in the same process", () => {
  it("serves the client with no port and no interception; a fault on demand rejects as a network error does", async () => {
    const { createClient, NetworkError, participant } = await import("@sideconvo/client");
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: "empty", faults: { rate: 1, kinds: ["reset"] } });
    const zd = createClient({
      baseUrl: "http://127.0.0.1:4010",
      auth: { email: "a@example.com", apiToken: "x" },
      fetch: sandbox.fetch,
      retry: { retries: 0 },
    });
    const error = await zd.sideConversations.list(42).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      "GET http://127.0.0.1:4010/api/v2/tickets/42/side_conversations failed: the sandbox reset the connection (a fault on demand)",
    );
    const calm = createSandbox({ ...KEEP_API_TOKENS, seed: "empty" });
    const client = createClient({
      baseUrl: "http://127.0.0.1:4010",
      auth: { email: "a@example.com", apiToken: "x" },
      fetch: calm.fetch,
    });
    await client.sideConversations.create(42, { body: "x", to: [participant.email("b@example.com")] });
    expect((await client.sideConversations.list(42)).count).toBe(1);
  });
});

describe("the default seed: every request example of the spec succeeds on it", () => {
  // The docs' console starts from this seed with the spec's examples in its forms: each one must
  // be answered 2xx, not refused for a record the seed lacks (such as the example attachment id).
  const require = createRequire(import.meta.url);
  const spec = require("@sideconvo/openapi/openapi.json") as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: Body }>>;
    components: { examples: Record<string, { value: unknown }>; requestBodies?: Record<string, Body> };
  };
  const cases = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) => {
      const media = op.requestBody?.content?.["application/json"];
      if (!op.operationId || !media) return [];
      return Object.entries(media.examples as Record<string, { $ref: string }>).map(([name, example]) => ({
        name: `${op.operationId} ${name}`,
        method: method.toUpperCase(),
        path: path
          .replace("{ticket_id}", "42")
          .replace("{side_conversation_id}", "8566255a-ece5-11e8-857d-493066fa7b17"),
        body: spec.components.examples[example.$ref.split("/").pop() ?? ""]?.value,
      }));
    }),
  );
  it("has the examples to send (9 of 7 operations)", () => {
    expect(cases).toHaveLength(9);
  });
  it.each(cases)("$name", async ({ method, path, body }) => {
    const answer = await read(await call(createSandbox(KEEP_API_TOKENS), method, path, body));
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
  });
});
