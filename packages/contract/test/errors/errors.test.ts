import { ApiError, participant, RateLimitError } from "@sideconvo/client";
import { describe, expect, it } from "vitest";
import { recordingClient } from "../support/recorder.js";
import { operations } from "../support/spec.js";

// Every documented error status of every operation, chosen with Prism's `Prefer: code=`, must
// reach the caller as the client's typed error, carrying the vendor's code and request id.
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const to = [participant.email("someone@example.com")];

type Zd = ReturnType<typeof recordingClient>["zd"];
const calls: Record<string, (zd: Zd) => Promise<unknown>> = {
  listSideConversations: (zd) => zd.sideConversations.list(42),
  showSideConversation: (zd) => zd.sideConversations.show(42, ID),
  createSideConversation: (zd) => zd.sideConversations.create(42, { body: "Hi", to }),
  updateSideConversation: (zd) => zd.sideConversations.close(42, ID),
  replyToSideConversation: (zd) => zd.sideConversations.reply(42, ID, { body: "Hi", to }),
  importSideConversation: (zd) => zd.sideConversations.import(42, { events: [{ message: { body: "Hi", to } }] }),
  importSideConversationEvents: (zd) => zd.sideConversations.importEvents(42, ID, [{ message: { body: "Hi", to } }]),
  listSideConversationEvents: (zd) => zd.sideConversations.events(42, ID),
  exportSideConversationEvents: (zd) => zd.sideConversations.exportEvents(1_700_000_000),
  uploadSideConversationAttachment: (zd) =>
    zd.sideConversations.uploadAttachment({ file: new Blob(["x"]), fileName: "x.txt" }),
  listConversationLog: (zd) => zd.conversationLog.list(42),
};

const cases = operations.flatMap((op) =>
  op.statuses.filter((status) => Number(status) >= 400).map((status) => ({ id: op.id, status: Number(status) })),
);

describe("documented errors reach the caller typed", () => {
  it("cover every operation", () => {
    expect(new Set(cases.map((c) => c.id))).toEqual(new Set(Object.keys(calls)));
    console.info(`documented error answers exercised: ${cases.length} over ${Object.keys(calls).length} operations`);
  });

  it.each(cases)("$id answers $status", async ({ id, status }) => {
    const { zd, exchanges, problems } = recordingClient({ prefer: `code=${status}`, retry: false });
    const error = await calls[id]?.(zd).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(status === 429 ? RateLimitError : ApiError);
    expect(error).toMatchObject({ status, requestId: expect.any(String), code: expect.any(String) });
    if (status === 429) expect((error as RateLimitError).retryAfterMs).toBe(42_000);
    expect(exchanges).toHaveLength(1);
    expect(problems()).toEqual([]);
  });
});
