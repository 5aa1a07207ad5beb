import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError, ExportStalledError, participant } from "@sideconvo/client";
import { MockStartError, type RunningMock, type SandboxData, startMock } from "@sideconvo/mock";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordingClient } from "../support/recorder.js";

// The stateful sandbox end to end, through @sideconvo/client: each flow changes the state and later
// reads show it. Prism proxies in front of the sandbox with --errors, so a request or an answer
// that broke the spec would fail here too, and every answer is validated again with JSON Schema
// 2020-12 (recordingClient's problems()).
const dir = mkdtempSync(join(tmpdir(), "sideconvo-sandbox-"));
const at = (iso: string) => ({ created_at: iso });
const email = (address: string) => [participant.email(address)];

/** Seven conversation-log records of ticket 42, a minute apart. */
const logRecords = Array.from({ length: 7 }, (_, i) => ({
  id: `log-${i + 1}`,
  type: "Comment",
  created_at: new Date(Date.UTC(2025, 3, 22, 9, i)).toISOString(),
  author: { type: "agent", display_name: `Agent ${i + 1}`, "zen:support:user_id": 100 + i },
  content: { type: "text", text: `Record ${i + 1}` },
  metadata: { public: true, custom: {}, system: {} },
  attachments: [],
  reference: `zen:ticket_event:${i + 1}`,
}));
const seed: SandboxData = {
  tickets: [42],
  side_conversations: [],
  events: [],
  attachments: [],
  conversation_log: { 42: logRecords },
};

let sandbox: RunningMock;
beforeAll(async () => {
  sandbox = await startMock({ port: 0, stateful: { ...KEEP_API_TOKENS, seed, exportPageSize: 4 } });
});
afterAll(() => sandbox?.stop());
beforeEach(() => sandbox.sandbox?.reset());

function client() {
  const recorded = recordingClient({ baseUrl: sandbox.url });
  return { ...recorded, valid: () => expect(recorded.problems()).toEqual([]) };
}

describe("the sandbox through the client", () => {
  it("creates email, Slack, child-ticket and Teams side conversations, and lists them", async () => {
    const { zd, valid } = client();
    const recipients = [
      ["email", [participant.email("someone@example.com", "Someone")]],
      ["Slack", [participant.slack("T123ABC", "C456DEF")]],
      ["child ticket", [participant.childTicket(123, 456)]],
      ["Teams", [participant.teams("19:abc123@thread.tacv2")]],
    ] as const;
    const created = [];
    for (const [type, to] of recipients)
      created.push(
        await zd.sideConversations.create(42, { subject: `A ${type} one`, body: "Hello", to: [...to] } as never),
      );
    for (const { side_conversation, event } of created) {
      expect(side_conversation.state).toBe("open");
      expect(event?.type).toBe("create");
    }
    const listed = await zd.sideConversations.list(42);
    expect(listed.side_conversations.map((sc) => sc.id)).toEqual(created.map((c) => c.side_conversation.id));
    expect(listed.side_conversations.map((sc) => sc.subject)).toEqual(recipients.map(([type]) => `A ${type} one`));
    expect(listed.side_conversations[1]?.participants).toContainEqual(
      expect.objectContaining({ slack_workspace_id: "T123ABC", slack_channel_id: "C456DEF" }),
    );
    expect(listed.side_conversations[3]?.participants).toContainEqual(
      expect.objectContaining({ msteams_channel_id: "19:abc123@thread.tacv2" }),
    );
    // The child ticket side conversation opened a ticket of its own, which now exists.
    const child = Number(listed.side_conversations[2]?.external_ids?.targetTicketId);
    expect(child).toBeGreaterThan(42);
    await expect(zd.sideConversations.list(child)).resolves.toMatchObject({ side_conversations: [] });
    valid();
  });

  it("replies, closes and reopens, each recorded as an event", async () => {
    const { zd, valid } = client();
    const { side_conversation: sc } = await zd.sideConversations.create(42, {
      subject: "Printer",
      body: "It is on fire.",
      to: email("facilities@example.com"),
    });
    const replied = await zd.sideConversations.reply(42, String(sc.id), {
      body: "Any news?",
      to: email("it@example.com"),
    });
    expect(replied.event?.type).toBe("reply");
    expect(replied.side_conversation.preview_text).toBe("Any news?");
    expect(Date.parse(String(replied.side_conversation.message_added_at))).toBeGreaterThanOrEqual(
      Date.parse(String(sc.message_added_at)),
    );
    expect((replied.side_conversation.participants ?? []).map((p) => p.email)).toEqual(
      expect.arrayContaining(["facilities@example.com", "it@example.com"]),
    );
    expect((await zd.sideConversations.close(42, String(sc.id))).side_conversation.state).toBe("closed");
    expect((await zd.sideConversations.reopen(42, String(sc.id))).side_conversation.state).toBe("open");
    const { events } = await zd.sideConversations.events(42, String(sc.id));
    expect(events.map((e) => [e.type, e.type === "update" ? e.updates : undefined])).toEqual([
      ["create", undefined],
      ["reply", undefined],
      ["update", { state: "closed" }],
      ["update", { state: "open" }],
    ]);
    const shown = await zd.sideConversations.show(42, String(sc.id), { include: "events" });
    expect(shown.events).toHaveLength(4);
    valid();
  });

  it("imports a side conversation and past events, in time order", async () => {
    const { zd, valid } = client();
    const message = (body: string) => ({ body, to: email("someone@example.com"), from: { email: "old@example.com" } });
    const { side_conversation: sc } = await zd.sideConversations.import(42, {
      sideConversation: { subject: "From the old system", state: "closed" },
      events: [
        { ...at("2022-10-05T20:47:02.230Z"), message: message("first") },
        { ...at("2022-10-06T08:00:00.000Z"), message: message("second") },
      ],
    });
    expect(sc).toMatchObject({
      subject: "From the old system",
      state: "closed",
      created_at: "2022-10-05T20:47:02.230Z",
    });
    await zd.sideConversations.importEvents(42, String(sc.id), [
      { ...at("2022-10-05T23:00:00.000Z"), message: message("between") },
    ]);
    const { events } = await zd.sideConversations.events(42, String(sc.id));
    expect(events.map((e) => (e as { message?: { body?: string } }).message?.body)).toEqual([
      "first",
      "between",
      "second",
    ]);
    expect(events.map((e) => e.created_at)).toEqual([
      "2022-10-05T20:47:02.230Z",
      "2022-10-05T23:00:00.000Z",
      "2022-10-06T08:00:00.000Z",
    ]);
    valid();
  });

  it("attaches an uploaded file to a later message, and refuses an id never uploaded", async () => {
    const { zd, valid } = client();
    const png = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47]).copy(png, 0);
    png.writeUInt32BE(406, 16);
    png.writeUInt32BE(214, 20);
    const uploaded = await zd.sideConversations.uploadAttachment({
      file: new Blob([png], { type: "image/png" }),
      fileName: "printer.png",
    });
    expect(uploaded).toMatchObject({
      name: "printer.png",
      content_type: "image/png",
      size: 33,
      width: 406,
      height: 214,
    });
    const { event } = await zd.sideConversations.create(42, {
      body: "See the photo.",
      to: email("facilities@example.com"),
      attachment_ids: [uploaded.id],
    });
    expect(event?.type === "create" && event.message?.attachments).toEqual([
      expect.objectContaining({ id: uploaded.id, file_name: "printer.png", content_type: "image/png", size: 33 }),
    ]);
    const refused = await zd.sideConversations
      .create(42, { body: "x", to: email("a@example.com"), attachment_ids: ["s3-never-uploaded"] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 422 });
    expect(JSON.stringify((refused as ApiError).details)).toContain("Attachment s3-never-uploaded is unknown");
    valid();
  });

  it("stalls as the API does in a second busier than a page, and the client says so instead of ending", async () => {
    const { zd, valid } = client();
    const message = (body: string) => ({ body, to: email("someone@example.com"), from: { email: "old@example.com" } });
    // Six events in one second on pages of four, then two more a second apart.
    const times = [..."000000"].map((_, i) => `2023-01-01T10:00:00.${i}00Z`);
    times.push("2023-01-01T10:00:01Z", "2023-01-01T10:00:02Z");
    await zd.sideConversations.import(42, {
      events: times.map((time, i) => ({ ...at(time), message: message(`event ${i + 1}`) })),
    });
    const S = Date.parse("2023-01-01T10:00:00Z") / 1000;
    const first: string[] = [];
    const stalled = await (async () => {
      for await (const event of zd.iterate.exportEvents({ startTime: S })) first.push(event.id as string);
    })().catch((error: unknown) => error);
    expect(stalled).toBeInstanceOf(ExportStalledError);
    expect(stalled).toMatchObject({ second: S, deliveredInSecond: 4 });
    expect(first).toHaveLength(4);

    const resumed = zd.iterate.exportEvents({
      checkpoint: (stalled as ExportStalledError).checkpoint,
      onStall: "skip",
    });
    const rest: string[] = [];
    for await (const event of resumed) rest.push(event.id as string);
    expect(rest).toHaveLength(2);
    expect(new Set([...first, ...rest]).size).toBe(6);
    expect(resumed.checkpoint.skipped).toEqual([{ second: S, delivered: 4 }]);
    valid();
  });

  it("exports every event exactly once across pages, the boundary second repeated as the API does", async () => {
    const { zd, exchanges, valid } = client();
    const message = (body: string) => ({ body, to: email("someone@example.com"), from: { email: "old@example.com" } });
    // Nine events over five seconds, two or three in some seconds, on pages of four.
    const times = ["00", "00", "01", "02", "02", "02", "03", "04", "04"].map((s, i) => `2023-01-01T10:00:${s}.${i}00Z`);
    const { side_conversation: sc } = await zd.sideConversations.import(42, {
      events: times.map((time, i) => ({ ...at(time), message: message(`event ${i + 1}`) })),
    });
    const exporter = zd.iterate.exportEvents({ startTime: Date.parse("2023-01-01T00:00:00Z") / 1000 });
    const seen: string[] = [];
    for await (const event of exporter) seen.push(event.id as string);
    const all = (await zd.sideConversations.events(42, String(sc.id))).events.map((e) => e.id);
    expect(seen).toEqual(all);
    // The pages did repeat events: the next page starts at the last page's last second again.
    const pages = exchanges.filter((e) => e.url.includes("/side_conversations/events"));
    const delivered = pages.flatMap((page) => (page.body as { events: { id: string }[] }).events.map((e) => e.id));
    expect(delivered.length).toBeGreaterThan(all.length);
    expect(new Set(delivered).size).toBe(all.length);
    valid();
  });

  it("pages the conversation log by cursor, both ways and in both orders", async () => {
    const { zd, valid } = client();
    const forward: string[] = [];
    for await (const record of zd.iterate.conversationLog(42, { pageSize: 3 })) forward.push(record.id as string);
    expect(forward).toEqual(logRecords.map((r) => r.id));
    const backward: string[] = [];
    for await (const record of zd.iterate.conversationLog(42, { pageSize: 3, sort: "-created_at" }))
      backward.push(record.id as string);
    expect(backward).toEqual([...forward].reverse());
    const second = await zd.conversationLog.list(42, {
      pageSize: 3,
      after: String((await zd.conversationLog.list(42, { pageSize: 3 })).meta.after_cursor),
    });
    expect(second.events.map((r) => r.id)).toEqual(["log-4", "log-5", "log-6"]);
    const first = await zd.conversationLog.list(42, { pageSize: 3, before: String(second.meta.before_cursor) });
    expect(first.events.map((r) => r.id)).toEqual(["log-1", "log-2", "log-3"]);
    valid();
  });

  it("makes a ticket it has not seen exist, as the user's own; answers 404 for a side conversation that does not exist, 400 for a request that breaks the spec (as the vendor documents), 401 without credentials", async () => {
    const { zd, valid } = client();
    expect((await zd.sideConversations.list(999)).side_conversations).toEqual([]);
    const { side_conversation } = await zd.sideConversations.create(1001, { body: "x", to: email("a@example.com") });
    expect(side_conversation.ticket_id).toBe(1001);
    expect(sandbox.sandbox?.snapshot().tickets).toEqual([42, 999, 1001]);
    sandbox.sandbox?.reset();
    await expect(zd.sideConversations.show(42, "no-such-id")).rejects.toMatchObject({ status: 404 });
    await expect(
      zd.sideConversations.reply(42, "no-such-id", { body: "x", to: email("a@example.com") }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const broken = await fetch(`${sandbox.url}/api/v2/tickets/42/side_conversations.json`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa("a@example.com/token:x")}`, "content-type": "application/json" },
      body: JSON.stringify({ message: { to: [] } }),
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get("sl-violations")).toContain("message.to");
    expect((await fetch(`${sandbox.url}/api/v2/tickets/42/side_conversations.json`)).status).toBe(401);
    expect(sandbox.sandbox?.snapshot().side_conversations).toEqual([]); // nothing refused was kept
    valid();
  });

  it("resets to its seed, through the API of its front too", async () => {
    const { zd } = client();
    await zd.sideConversations.create(42, { body: "x", to: email("a@example.com") });
    expect(sandbox.sandbox?.snapshot().side_conversations).toHaveLength(1);
    // A form post (what any web page can send) is refused: a JSON body is required.
    const form = await fetch(`${sandbox.url}/__sandbox/reset`, { method: "POST", body: "x" });
    expect(form.status).toBe(415);
    expect(sandbox.sandbox?.snapshot().side_conversations).toHaveLength(1);
    const reset = await fetch(`${sandbox.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(reset.status).toBe(200);
    expect((await zd.sideConversations.list(42)).side_conversations).toEqual([]);
  });
});

// These start sandboxes of their own (Prism each): up to 20 s each under a whole run's load.
describe("the sandbox's seed and data file", { timeout: 120_000 }, () => {
  it("starts from the spec's examples by default, from nothing with seed: empty, and answers 404 for unknown tickets when the seed says so", async () => {
    const examples = await startMock({ port: 0, stateful: KEEP_API_TOKENS });
    const empty = await startMock({ port: 0, stateful: { ...KEEP_API_TOKENS, seed: "empty" } });
    const strict = await startMock({
      port: 0,
      stateful: { ...KEEP_API_TOKENS, seed: { ...seed, unknownTickets: "404" } },
    });
    try {
      const { zd } = recordingClient({ baseUrl: examples.url });
      expect((await zd.sideConversations.list(42)).side_conversations.map((sc) => sc.id)).toEqual([
        "8566255a-ece5-11e8-857d-493066fa7b17",
        "e9ad3991-35e8-445e-a8cc-3d56862cb1f7",
      ]);
      const nothing = recordingClient({ baseUrl: empty.url }).zd;
      expect((await nothing.sideConversations.list(42)).side_conversations).toEqual([]);
      const closed = recordingClient({ baseUrl: strict.url }).zd;
      await expect(
        closed.sideConversations.create(1001, { body: "x", to: email("a@example.com") }),
      ).rejects.toMatchObject({
        status: 404,
        message: expect.stringMatching(/Ticket 1001 is not in the sandbox/),
      });
      expect((await closed.sideConversations.list(42)).side_conversations).toEqual([]);
    } finally {
      await examples.stop();
      await empty.stop();
      await strict.stop();
    }
  });

  it("keeps its state in the data file across a restart", async () => {
    const data = join(dir, "restart.json");
    const first = await startMock({ port: 0, stateful: { ...KEEP_API_TOKENS, data } });
    const { side_conversation } = await recordingClient({ baseUrl: first.url }).zd.sideConversations.create(42, {
      subject: "Survives a restart",
      body: "x",
      to: email("a@example.com"),
    });
    await first.stop();
    // A journal: a first line of what no change carries, the records at start (the examples: two
    // side conversations, their events and an attachment), then one line a change.
    const lines = readFileSync(data, "utf8").trimEnd().split("\n");
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ sideconvoSandbox: 3 });
    expect(lines.slice(-2).map((line) => JSON.parse(line).kind)).toEqual(["side_conversation", "event"]);
    const second = await startMock({ port: 0, stateful: { ...KEEP_API_TOKENS, data } });
    try {
      const shown = await recordingClient({ baseUrl: second.url }).zd.sideConversations.show(
        42,
        String(side_conversation.id),
      );
      expect(shown.side_conversation.subject).toBe("Survives a restart");
    } finally {
      await second.stop();
    }
  });

  it.each([
    ["a data file that is not JSON", "{ nope", /broken\.json: not JSON/],
    [
      "a data file of something else",
      JSON.stringify({ hello: 1 }),
      /not a sandbox data file .*refusing to overwrite it/,
    ],
    [
      "an event of a side conversation that is not there",
      JSON.stringify({
        sideconvoSandbox: 1,
        tickets: [1],
        side_conversations: [],
        events: [{ id: "e", side_conversation_id: "x", type: "reply", created_at: "2020-01-01T00:00:00Z" }],
      }),
      /events\[0\] belongs to side conversation "x", which is not in "side_conversations"/,
    ],
  ])("refuses %s, naming it, and leaves it as it was", async (_what, text, message) => {
    const data = join(dir, "broken.json");
    writeFileSync(data, text);
    const error = await startMock({ port: 0, stateful: { ...KEEP_API_TOKENS, data } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as Error).message).toMatch(message);
    expect(readFileSync(data, "utf8")).toBe(text);
  });

  it.each([
    [{ seed: join(dir, "missing.json") }, /seed .*missing\.json: cannot read it \(ENOENT\)/],
    [{ seed: { tickets: ["42"] } as never }, /seed: tickets\[0\] must be a positive integer, got "42"/],
    [{ exportPageSize: 0 }, /exportPageSize must be a positive integer, got 0/],
    [{ faults: { rate: 1.5 } }, /faults\.rate must be a number from 0 to 1, got 1\.5/],
    [{ rateLimits: { timeScale: -1 } }, /rateLimits\.timeScale must be a positive number, got -1/],
  ])("refuses the options %j with a message naming the problem", async (options, message) => {
    await expect(startMock({ port: 0, stateful: options })).rejects.toThrow(message);
  });
});

describe("the sandbox's rate limits and faults, against the client's own handling", { timeout: 120_000 }, () => {
  it("enforces the create budget; the client keeps to it: every create done once, no 429 beyond the first in a window", async () => {
    // Create and reply share a budget (x-rate-limit); here 5 per window, a 10-minute window passing in 1 s.
    const limited = await startMock({
      port: 0,
      stateful: {
        ...KEEP_API_TOKENS,
        seed,
        rateLimits: { timeScale: 600, buckets: { "side-conversation-messages": 5 } },
      },
    });
    try {
      const { zd, exchanges, problems } = recordingClient({ baseUrl: limited.url, rateLimit: true });
      for (let n = 1; n <= 8; n++)
        await zd.sideConversations.create(
          42,
          { body: `n ${n}`, to: email("a@example.com") },
          { externalIds: { n: String(n) } },
        );
      const created = limited.sandbox?.snapshot().side_conversations ?? [];
      expect(created.map((sc) => (sc.external_ids as { n: string }).n)).toEqual([
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
      ]);
      const refused = exchanges.filter((e) => e.status === 429);
      expect(refused.length).toBeLessThanOrEqual(1);
      expect(exchanges.filter((e) => e.status === 201)).toHaveLength(8);
      expect(problems()).toEqual([]);
      // The budget is really enforced: a ninth create without the client's pacing is refused, as the spec says.
      const raw = await fetch(`${limited.url}/api/v2/tickets/42/side_conversations.json`, {
        method: "POST",
        headers: { authorization: `Basic ${btoa("a@example.com/token:x")}`, "content-type": "application/json" },
        body: JSON.stringify({ message: { body: "over", to: [{ email: "a@example.com" }] } }),
      });
      const first = raw.status === 429 ? raw : undefined;
      if (first) {
        expect(Number(first.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(first.headers.get("x-rate-limit-remaining")).not.toBeNull();
        expect(await first.json()).toMatchObject({ error: "APIRateLimitExceeded" });
      } else {
        // The window had turned over while the client waited; the next five spend it again.
        for (let i = 0; i < 5; i++)
          await fetch(`${limited.url}/api/v2/tickets/42/side_conversations.json`, {
            method: "POST",
            headers: { authorization: `Basic ${btoa("a@example.com/token:x")}`, "content-type": "application/json" },
            body: JSON.stringify({ message: { body: "spend", to: [{ email: "a@example.com" }] } }),
          });
        const over = await fetch(`${limited.url}/api/v2/tickets/42/side_conversations.json`, {
          method: "POST",
          headers: { authorization: `Basic ${btoa("a@example.com/token:x")}`, "content-type": "application/json" },
          body: JSON.stringify({ message: { body: "over", to: [{ email: "a@example.com" }] } }),
        });
        expect(over.status).toBe(429);
      }
    } finally {
      await limited.stop();
    }
  });

  it("fails a seeded share of requests; the client retries reads and never sends a create twice", async () => {
    const faulty = await startMock({
      port: 0,
      stateful: { ...KEEP_API_TOKENS, seed, faults: { rate: 0.35, seed: 7 } },
    });
    try {
      const { zd } = recordingClient({ baseUrl: faulty.url, retries: 10 });
      const reported: string[] = [];
      let failedCreates = 0;
      for (let n = 1; n <= 12; n++) {
        try {
          await zd.sideConversations.create(
            42,
            { body: `n ${n}`, to: email("a@example.com") },
            { externalIds: { n: String(n) } },
          );
          reported.push(String(n));
        } catch {
          failedCreates++;
        }
      }
      const reads = [];
      for (let i = 0; i < 12; i++) reads.push(await zd.sideConversations.list(42));
      const kept = (faulty.sandbox?.snapshot().side_conversations ?? []).map(
        (sc) => (sc.external_ids as { n: string }).n,
      );
      expect(new Set(kept).size).toBe(kept.length); // no create was done twice
      for (const n of reported) expect(kept).toContain(n); // every create the client reported was done
      expect(failedCreates).toBeGreaterThan(0); // the faults did happen (35 %, seed 7)
      expect(reads.every((page) => Array.isArray(page.side_conversations))).toBe(true); // every read got through
    } finally {
      await faulty.stop();
    }
  });

  it("fails the same requests for the same seed", async () => {
    const outcomes = async () => {
      const faulty = await startMock({
        port: 0,
        stateful: { ...KEEP_API_TOKENS, seed, faults: { rate: 0.5, seed: 3, kinds: ["503"] } },
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++)
          statuses.push(
            (
              await fetch(`${faulty.url}/api/v2/tickets/42/side_conversations.json`, {
                headers: { authorization: `Basic ${btoa("a@example.com/token:x")}` },
              })
            ).status,
          );
        return statuses;
      } finally {
        await faulty.stop();
      }
    };
    const first = await outcomes();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await outcomes()).toEqual(first);
  });
});
