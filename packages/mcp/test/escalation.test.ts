// The server as an agent meets it, through the SDK's own client in memory, on the sandbox: the tools
// it lists, a whole escalation, and every way a call can go wrong (a refused input, a 429, writes
// without the flag, credentials refused), each answered with a sentence an agent can act on and
// without a credential in sight.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createSandbox, SANDBOX_CLIENT, SANDBOX_URL } from "@sideconvo/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { createSideconvoMcp, SPEC_URI } from "../src/index.js";
import { connected, data, textOf } from "./support/connect.js";
import { TOOL_NAMES } from "./support/tools.js";

const SLACK = [{ slack_workspace_id: "T123ABC", slack_channel_id: "C456DEF" }];
const EMAIL = [{ email: "facilities@example.com" }];
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});
const open = async (...args: Parameters<typeof connected>) => {
  const session = await connected(...args);
  close = session.close;
  return session;
};

describe("the tools an agent is offered", () => {
  it("are the curated eight, with schemas from the spec and annotations true of the sandbox", async () => {
    const { client } = await open();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(TOOL_NAMES);
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    // The recipients: the spec's four types, never mixed (each branch is an array of one type).
    const to = byName.start_side_conversation?.inputSchema.properties?.to as { oneOf: { title: string }[] };
    expect(to.oneOf.map((branch) => branch.title)).toEqual([
      "Email recipients",
      "Slack recipients",
      "Child ticket recipients",
      "Microsoft Teams recipients",
    ]);
    expect(JSON.stringify(to)).toContain('"required":["slack_workspace_id","slack_channel_id"]');
    for (const tool of tools) {
      const text = JSON.stringify(tool);
      expect(text, tool.name).not.toContain("$ref");
      expect(tool.outputSchema?.required, tool.name).toContain("environment");
      expect(tool.annotations?.openWorldHint, tool.name).toBe(false);
      // Descriptions in the schemas are short for a model: the spec's cut at 160 characters, ours under 200.
      const schemas = JSON.stringify([tool.inputSchema, tool.outputSchema]);
      for (const [, description] of schemas.matchAll(/"description":"((?:[^"\\]|\\.)*)"/g))
        expect((description as string).length, description).toBeLessThanOrEqual(200);
    }
    for (const name of [
      "list_side_conversations",
      "show_side_conversation",
      "read_conversation_log",
      "read_events_since",
    ])
      expect(byName[name]?.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
    expect(byName.start_side_conversation?.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: false });
    expect(byName.close_side_conversation?.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: true });
    expect(byName.start_side_conversation?.description).toContain("Practice mode");
  });
});

describe("an escalation on the sandbox", () => {
  it("reads the log, starts a Slack side conversation, replies, reads its events and the export, closes it", async () => {
    const sandbox = createSandbox({ seed: "examples", rateLimits: true });
    const { call } = await open({ sandbox });

    const log = await call("read_conversation_log", { ticket_id: 42 });
    expect(log.isError).toBeFalsy();
    expect((data(log).events as unknown[]).length).toBeGreaterThan(0);

    const started = await call("start_side_conversation", {
      ticket_id: 42,
      subject: "Is the printer fixed?",
      body: "The customer asks whether the third-floor printer works again.",
      to: SLACK,
    });
    expect(started.isError).toBeFalsy();
    expect(textOf(started)).toMatch(/^\[sandbox\] Started side conversation \S+ on ticket 42\./);
    const sc = data(started).side_conversation as { id: string; state: string };
    expect(data(started).environment).toBe("sandbox");
    expect(sc.state).toBe("open");

    const replied = await call("reply_to_side_conversation", {
      ticket_id: 42,
      side_conversation_id: sc.id,
      body: "Any news?",
      to: SLACK,
    });
    expect(replied.isError).toBeFalsy();

    const shown = await call("show_side_conversation", { ticket_id: 42, side_conversation_id: sc.id });
    const events = data(shown).events as { type: string; id: string }[];
    expect(events.map((event) => event.type)).toEqual(["create", "reply"]);

    const exported = await call("read_events_since", { start_time: hourAgo() });
    const exportedIds = (data(exported).events as { id: string }[]).map((event) => event.id);
    for (const event of events) expect(exportedIds).toContain(event.id);
    expect(data(exported).caught_up).toBe(true);

    const closed = await call("close_side_conversation", { ticket_id: 42, side_conversation_id: sc.id });
    expect((data(closed).side_conversation as { state: string }).state).toBe("closed");
    const after = sandbox.snapshot().side_conversations.find((record) => record.id === sc.id);
    expect(after?.state).toBe("closed");
    // Listing shows it among the ticket's own (the seed's two, and this one).
    const listed = await call("list_side_conversations", { ticket_id: 42 });
    expect((data(listed).side_conversations as { id: string }[]).map((s) => s.id)).toContain(sc.id);
    expect(data(listed).next_page).toBeNull();
  });

  it("reads the export a window at a time with its cursor: every event once, none lost", async () => {
    const sandbox = createSandbox({ seed: "empty" });
    const { call } = await open({ sandbox });
    for (let n = 0; n < 7; n++)
      expect(
        (await call("start_side_conversation", { ticket_id: 7, body: `Question ${n}`, to: EMAIL })).isError,
      ).toBeFalsy();
    const all = sandbox.snapshot().events.map((event) => event.id);
    expect(all).toHaveLength(7);
    const read: string[] = [];
    let page = await call("read_events_since", { start_time: hourAgo(), max_events: 3 });
    for (let calls = 0; calls < 10; calls++) {
      expect(page.isError, textOf(page)).toBeFalsy();
      read.push(...(data(page).events as { id: string }[]).map((event) => event.id));
      if (data(page).caught_up) break;
      page = await call("read_events_since", { cursor: data(page).cursor, max_events: 3 });
    }
    expect(data(page).caught_up).toBe(true);
    expect(read.sort()).toEqual([...all].sort());
    // Later events come from the same cursor, and only they.
    await call("start_side_conversation", { ticket_id: 7, body: "One more", to: EMAIL });
    const later = await call("read_events_since", { cursor: data(page).cursor });
    expect((data(later).events as unknown[]).length).toBe(1);
  });

  it("a second with more events than a page: what was read, where it is stuck, and going past it on request", async () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    let clock = now;
    const sandbox = createSandbox({ seed: "empty", exportPageSize: 2, clock: { now: () => clock } });
    const { call } = await open({ sandbox });
    // Five events in one second, then one later: the later one tells the client the page was full.
    for (let n = 0; n < 5; n++) await call("start_side_conversation", { ticket_id: 7, body: `Q${n}`, to: EMAIL });
    clock += 5_000;
    await call("start_side_conversation", { ticket_id: 7, body: "Later", to: EMAIL });
    const stuck = await call("read_events_since", { start_time: "2026-12-01T11:00:00Z" });
    expect(stuck.isError, textOf(stuck)).toBeFalsy();
    expect(data(stuck).events).toHaveLength(2);
    expect(data(stuck).stalled_at).toBe(now / 1000);
    expect(data(stuck).caught_up).toBe(false);
    expect(textOf(stuck)).toContain("call again with the cursor and skip_stalled: true");
    // The same cursor without skip_stalled stays where it is: nothing skipped quietly, nothing repeated.
    const again = await call("read_events_since", { cursor: data(stuck).cursor });
    expect(data(again).events).toEqual([]);
    expect(data(again).stalled_at).toBe(now / 1000);
    const past = await call("read_events_since", { cursor: data(stuck).cursor, skip_stalled: true });
    expect(data(past)).toMatchObject({ caught_up: true, skipped: [{ second: now / 1000, delivered: 2 }] });
    expect((data(past).events as { message?: { body?: string } }[]).map((event) => event.message?.body)).toEqual([
      "Later",
    ]);
  });

  it("pages the conversation log with next_cursor", async () => {
    const { call } = await open();
    const first = await call("read_conversation_log", { ticket_id: 42, page_size: 1 });
    const seen = (data(first).events as { id: string }[]).map((event) => event.id);
    let cursor = data(first).next_cursor;
    expect(cursor).toEqual(expect.any(String));
    while (typeof cursor === "string") {
      const next = await call("read_conversation_log", { ticket_id: 42, page_size: 1, cursor });
      seen.push(...(data(next).events as { id: string }[]).map((event) => event.id));
      cursor = data(next).next_cursor;
    }
    const whole = await call("read_conversation_log", { ticket_id: 42 });
    expect(seen).toEqual((data(whole).events as { id: string }[]).map((event) => event.id));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe("mistakes an agent can fix", () => {
  it("refuses mixed recipients with the sandbox's one sentence, and sends nothing", async () => {
    const sandbox = createSandbox({ seed: "examples" });
    const { call } = await open({ sandbox });
    const before = sandbox.snapshot().side_conversations.length;
    const refused = await call("start_side_conversation", { ticket_id: 42, body: "Hi", to: [...EMAIL, ...SLACK] });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toBe(
      "[sandbox] The input was refused; nothing was sent. Fix these and call start_side_conversation again:\n" +
        "to: recipients of different types cannot be mixed in one message, got email and Slack recipients",
    );
    expect(sandbox.snapshot().side_conversations).toHaveLength(before);
  });

  it.each([
    [
      "list_side_conversations",
      { ticket_id: "abc" },
      'ticket_id must be a positive integer (a ticket\'s id), got "abc"',
    ],
    [
      "list_side_conversations",
      { ticket_id: 42, ticketId: 42 },
      "ticketId is not an argument of list_side_conversations",
    ],
    ["list_side_conversations", { ticket_id: 42, page: 0 }, "page must be an integer from 1, got 0"],
    ["show_side_conversation", { ticket_id: 42 }, "side_conversation_id is required by show_side_conversation"],
    [
      "start_side_conversation",
      { ticket_id: 42, body: " ", to: EMAIL },
      'body must be the message\'s text, a non-empty string, got " "',
    ],
    ["start_side_conversation", { ticket_id: 42, body: "Hi", to: [{ email: "not-an-address" }] }, '"not-an-address"'],
    ["start_side_conversation", { ticket_id: 42, body: "Hi", to: [] }, "to"],
    [
      "reply_to_side_conversation",
      { ticket_id: 42, side_conversation_id: "", body: "Hi", to: EMAIL },
      "side_conversation_id must be",
    ],
    [
      "read_conversation_log",
      { ticket_id: 42, sort: "newest" },
      'sort must be one of created_at, -created_at, got "newest"',
    ],
    ["read_events_since", {}, "start_time or cursor must be given"],
    [
      "read_events_since",
      { start_time: "yesterday" },
      'start_time must be an ISO 8601 date and time, such as 2026-12-01T00:00:00Z, got "yesterday"',
    ],
    [
      "read_events_since",
      { cursor: "not-ours" },
      'cursor is not a cursor read_events_since returned; pass its cursor as it was, got "not-ours"',
    ],
    [
      "read_events_since",
      { start_time: "2026-01-01T00:00:00Z", max_events: 5000 },
      "max_events must be an integer from 1 to 1000, got 5000",
    ],
  ])("%s %j: a tool error naming the argument and its value", async (name, args, said) => {
    const sandbox = createSandbox({ seed: "examples" });
    const { call } = await open({ sandbox });
    const before = JSON.stringify(sandbox.snapshot());
    const result = await call(name, args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(said);
    expect(textOf(result)).toMatch(/^\[sandbox\] The input was refused; nothing was sent/);
    expect(textOf(result)).not.toMatch(/\n\s+at /); // no stack
    expect(JSON.stringify(sandbox.snapshot())).toBe(before);
  });

  it("answers a 404 from the API with what to check", async () => {
    const { call } = await open();
    const result = await call("show_side_conversation", { ticket_id: 42, side_conversation_id: "no-such-id" });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/404/);
    expect(textOf(result)).toContain("Check the ticket and side conversation ids");
  });

  it("an unknown tool is a protocol error naming it", async () => {
    const { client } = await open();
    await expect(client.callTool({ name: "delete_everything", arguments: {} })).rejects.toThrow(
      'No tool named "delete_everything"',
    );
  });
});

describe("rate limits", () => {
  it("a spent account budget: how long to wait and what is left, without waiting", async () => {
    const sandbox = createSandbox({ seed: "examples", rateLimits: { accountLimit: 3 } });
    const { call } = await open({ sandbox, maxWaitMs: 0 });
    for (let n = 0; n < 3; n++) expect((await call("list_side_conversations", { ticket_id: 42 })).isError).toBeFalsy();
    const started = Date.now();
    const limited = await call("list_side_conversations", { ticket_id: 42 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toMatch(
      /^\[sandbox\] Rate limited: wait \d+ s before calling list_side_conversations again; nothing was done by this call\. Budget left: .*the account 0 of 3 a minute\.$/,
    );
  });

  it("a 429 from the server on a create: the wait, the budget, and nothing created twice", async () => {
    const sandbox = createSandbox({ seed: "empty", rateLimits: { buckets: { "side-conversation-messages": 1 } } });
    const { call } = await open({ sandbox, maxWaitMs: 0 });
    expect((await call("start_side_conversation", { ticket_id: 7, body: "First", to: EMAIL })).isError).toBeFalsy();
    const limited = await call("start_side_conversation", { ticket_id: 7, body: "Second", to: EMAIL });
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toMatch(/Rate limited: wait \d+ s before calling start_side_conversation again/);
    expect(textOf(limited)).toMatch(/Budget left: this operation 0 of 1 \(resets in \d+ s\)/);
    expect(sandbox.snapshot().side_conversations.map((sc) => sc.subject ?? sc.preview_text)).toEqual(["First"]);
  });
});

describe("against an account", () => {
  const account = { baseUrl: SANDBOX_URL, auth: { oauth: SANDBOX_CLIENT } };

  it("refuses writes without the flag, says so in each write tool, and sends nothing", async () => {
    const sandbox = createSandbox({ seed: "examples" });
    const { client, call } = await open({ account, fetch: sandbox.fetch });
    const { tools } = await client.listTools();
    for (const tool of tools) expect(tool.annotations?.openWorldHint, tool.name).toBe(true);
    for (const name of ["start_side_conversation", "reply_to_side_conversation"])
      expect(tools.find((tool) => tool.name === name)?.description).toContain("sends a message to real people");
    const before = JSON.stringify(sandbox.snapshot());
    const sc = sandbox.snapshot().side_conversations[0] as { id: string };
    for (const [name, args] of [
      ["start_side_conversation", { ticket_id: 42, body: "Hi", to: EMAIL }],
      ["reply_to_side_conversation", { ticket_id: 42, side_conversation_id: sc.id, body: "Hi", to: EMAIL }],
      ["close_side_conversation", { ticket_id: 42, side_conversation_id: sc.id }],
      ["reopen_side_conversation", { ticket_id: 42, side_conversation_id: sc.id }],
    ] as const) {
      const refused = await call(name, args);
      expect(refused.isError, name).toBe(true);
      expect(textOf(refused)).toMatch(
        /^Writes are off: this server is connected to the account at https:\/\/sandbox\.sideconvo\.invalid/,
      );
      expect(textOf(refused)).toContain("Nothing was sent");
    }
    expect(JSON.stringify(sandbox.snapshot())).toBe(before);
    // Reads work, and say they come from the account.
    const listed = await call("list_side_conversations", { ticket_id: 42 });
    expect(data(listed).environment).toBe("account");
    expect(textOf(listed)).not.toContain("[sandbox]");
  });

  it("writes with allowWrites", async () => {
    const sandbox = createSandbox({ seed: "examples" });
    const { call } = await open({ account, fetch: sandbox.fetch, allowWrites: true });
    const started = await call("start_side_conversation", { ticket_id: 42, body: "Hi", to: EMAIL });
    expect(started.isError, textOf(started)).toBeFalsy();
    expect(data(started).environment).toBe("account");
  });

  it("a refused credential is a tool error that says what to do, and never shows the credential", async () => {
    const sandbox = createSandbox({ seed: "examples", oauth: { apiTokensUntil: "2020-01-01T00:00:00Z" } });
    for (const auth of [
      { oauthToken: "oauth-SECRET-never-issued-1234" },
      { email: "agent@example.com", apiToken: "apitoken-SECRET-5678" },
      {
        oauth: {
          clientId: "sideconvo_sandbox",
          clientSecret: "wrong-SECRET-9012",
          grant: "client_credentials" as const,
        },
      },
    ]) {
      const { call, logged, client } = await open({ account: { baseUrl: SANDBOX_URL, auth }, fetch: sandbox.fetch });
      const result = await call("list_side_conversations", { ticket_id: 42 });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/401|sign in|Could not sign in/i);
      const everything = JSON.stringify([result, logged]);
      expect(everything).not.toMatch(/SECRET/);
      await client.close();
    }
  });
});

describe("context an agent can read", () => {
  it("serves the spec and every guide of the docs as resources", async () => {
    const { client } = await open();
    const { resources } = await client.listResources();
    const guides = readdirSync(new URL("../../../apps/docs/content/guides/", import.meta.url)).filter((file) =>
      file.endsWith(".md"),
    );
    expect(resources.map((resource) => resource.uri).sort()).toEqual(
      [SPEC_URI, ...guides.map((file) => `sideconvo://guides/${file}`)].sort(),
    );
    expect(guides).toContain("ai-agents.md");
    const spec = await client.readResource({ uri: SPEC_URI });
    const specFile = createRequire(import.meta.url).resolve("@sideconvo/openapi/openapi.json");
    expect((spec.contents[0] as { text: string }).text).toBe(readFileSync(specFile, "utf8"));
    const guide = await client.readResource({ uri: "sideconvo://guides/ai-agents.md" });
    expect((guide.contents[0] as { text: string }).text).toMatch(/^# Side conversations from an AI agent\n/);
    await expect(client.readResource({ uri: "sideconvo://guides/../../etc/passwd" })).rejects.toThrow("No resource");
  });

  it("offers the escalation prompt, and refuses it without a ticket or a team", async () => {
    const { client } = await open();
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(["escalate_ticket", "follow_up"]);
    const prompt = await client.getPrompt({
      name: "escalate_ticket",
      arguments: { ticket_id: "42", team: "#facilities on Slack (T123ABC / C456DEF)" },
    });
    const text = JSON.stringify(prompt.messages);
    expect(text).toContain("Escalate ticket 42 to #facilities on Slack");
    expect(text).toContain("start_side_conversation");
    await expect(client.getPrompt({ name: "escalate_ticket", arguments: { ticket_id: "42" } })).rejects.toThrow(
      "team must say who to ask",
    );
    await expect(client.getPrompt({ name: "follow_up", arguments: { ticket_id: "x" } })).rejects.toThrow(
      'ticket_id must be a ticket\'s id, a positive integer, got "x"',
    );
  });
});

describe("options", () => {
  it.each([
    [{ maxWaitMs: -1 }, "maxWaitMs must be a number of milliseconds, 0 or more, got -1"],
    [{ allowWrites: "yes" }, 'allowWrites must be true or false, got "yes"'],
    [{ account: "acme" }, "account must be { subdomain | baseUrl, auth }"],
  ])("%j is refused, naming the option and the value", (options, said) => {
    expect(() => createSideconvoMcp(options as never)).toThrow(said);
  });
});
