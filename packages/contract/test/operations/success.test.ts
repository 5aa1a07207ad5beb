import { participant } from "@sideconvo/client";
import { describe, expect, it } from "vitest";
import { mockUrl, recordingClient } from "../support/recorder.js";

// The success path of every operation, through @sideconvo/client against Prism with --errors:
// a request that broke the spec would be refused, a response that broke it would be a 500, and
// each response body is validated once more against the bundle with JSON Schema 2020-12.
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const message = { subject: "Printer on fire", body: "Please come quickly." };

async function exercise(run: (zd: ReturnType<typeof recordingClient>["zd"]) => Promise<unknown>) {
  const { zd, exchanges, problems } = recordingClient();
  const result = await run(zd);
  expect(exchanges.length).toBeGreaterThan(0);
  expect(exchanges.map((e) => e.status).every((status) => status >= 200 && status < 300)).toBe(true);
  expect(problems()).toEqual([]);
  return result;
}

describe("every operation succeeds against the contract", () => {
  it("listSideConversations, with and without include=events", async () => {
    const page = await exercise((zd) => zd.sideConversations.list(42));
    expect(page).toMatchObject({ side_conversations: expect.any(Array) });
    await exercise((zd) => zd.sideConversations.list(42, { include: "events", perPage: 10 }));
  });

  it("listSideConversations through the iterator: follows the mock's next_page (.json, on its origin)", async () => {
    // Prism serves one example per request; the page number in the URL picks which.
    const { zd, exchanges, problems } = recordingClient({
      prefer: (url) =>
        url.includes("page=2") ? "example=SideConversationListSecondPage" : "example=SideConversationListFirstPage",
    });
    const ids: (string | undefined)[] = [];
    for await (const sc of zd.iterate.sideConversations(42, { perPage: 1 })) ids.push(sc.id);
    expect(ids).toEqual(["8566255a-ece5-11e8-857d-493066fa7b17", "e9ad3991-35e8-445e-a8cc-3d56862cb1f7"]);
    expect(exchanges.map((e) => e.url)).toEqual([
      `${mockUrl()}/api/v2/tickets/42/side_conversations?per_page=1`,
      `${mockUrl()}/api/v2/tickets/42/side_conversations.json?page=2&per_page=1`,
    ]);
    expect(problems()).toEqual([]);
  });

  it("showSideConversation, with and without include=events", async () => {
    const shown = await exercise((zd) => zd.sideConversations.show(42, ID));
    expect(shown).toMatchObject({ side_conversation: { id: expect.any(String) } });
    await exercise((zd) => zd.sideConversations.show(42, ID, { include: "events" }));
  });

  it.each([
    ["email by address", [participant.email("someone@example.com", "Someone")]],
    ["email by user id", [participant.user(123), participant.user(456)]],
    ["Slack", [participant.slack("T123ABC", "C456DEF")]],
    ["child ticket", [participant.childTicket(123, 456)]],
    ["Microsoft Teams", [participant.teams("19:abc123@thread.tacv2")]],
  ])("createSideConversation: %s", async (_type, to) => {
    const created = await exercise((zd) =>
      zd.sideConversations.create(42, { ...message, to } as never, { externalIds: { mine: "1" } }),
    );
    expect(created).toMatchObject({ side_conversation: expect.any(Object) });
  });

  it("replyToSideConversation", async () => {
    await exercise((zd) =>
      zd.sideConversations.reply(42, ID, { body: "Any news?", to: [participant.email("someone@example.com")] }),
    );
  });

  it("updateSideConversation: subject, close and reopen", async () => {
    await exercise((zd) => zd.sideConversations.update(42, ID, { subject: "Printer (resolved)" }));
    await exercise((zd) => zd.sideConversations.close(42, ID));
    await exercise((zd) => zd.sideConversations.reopen(42, ID));
  });

  it("importSideConversation", async () => {
    await exercise((zd) =>
      zd.sideConversations.import(42, {
        sideConversation: { subject: "Old thread", state: "closed", externalIds: { thread: "t-1" } },
        events: [
          {
            created_at: "2022-10-05T20:47:02.230Z",
            message: {
              ...message,
              from: { email: "requester@example.com" },
              to: [participant.email("someone@example.com")],
            },
          },
        ],
      }),
    );
  });

  it("importSideConversationEvents", async () => {
    await exercise((zd) =>
      zd.sideConversations.importEvents(42, ID, [
        { message: { ...message, to: [participant.email("someone@example.com")] } },
      ]),
    );
  });

  it("listSideConversationEvents, one page and through the iterator", async () => {
    await exercise((zd) => zd.sideConversations.events(42, ID, { perPage: 100 }));
    const events = await exercise(async (zd) => {
      const all = [];
      for await (const event of zd.iterate.events(42, ID)) all.push(event);
      return all;
    });
    expect((events as unknown[]).length).toBeGreaterThan(0);
  });

  it("exportSideConversationEvents, one page and through the resumable iterator", async () => {
    await exercise((zd) => zd.sideConversations.exportEvents(1_542_000_000));
    const { ids, checkpoint } = (await exercise(async (zd) => {
      const exporter = zd.iterate.exportEvents({ startTime: 1_542_000_000 });
      const seen: string[] = [];
      for await (const event of exporter) seen.push(event.id as string);
      return { ids: seen, checkpoint: exporter.checkpoint };
    })) as { ids: string[]; checkpoint: { startTime: number } };
    // The mock answers every page with the same example: the iterator moves to its end_time,
    // delivers each event once, and stops when a page brings nothing new.
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    expect(checkpoint.startTime).toBe(1_542_733_800);
  });

  it("uploadSideConversationAttachment (multipart)", async () => {
    const uploaded = await exercise((zd) =>
      zd.sideConversations.uploadAttachment({
        file: new Blob(["PNG bytes"], { type: "image/png" }),
        fileName: "image.png",
      }),
    );
    expect(uploaded).toMatchObject({ id: expect.any(String) });
  });

  it("listConversationLog, one page and through the cursor iterator", async () => {
    await exercise((zd) => zd.conversationLog.list(42, { pageSize: 50, sort: "-created_at" }));
    const events = await exercise(async (zd) => {
      const all = [];
      for await (const event of zd.iterate.conversationLog(42)) all.push(event);
      return all;
    });
    expect((events as unknown[]).length).toBeGreaterThan(0);
  });

  it("the raw openapi-fetch surface", async () => {
    await exercise(async (zd) => {
      const { data, error } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}", {
        params: { path: { ticket_id: 42, side_conversation_id: ID } },
      });
      expect(error).toBeUndefined();
      return data;
    });
  });
});
