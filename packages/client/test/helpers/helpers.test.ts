import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createClient, participant, ValidationError } from "../../src/index.js";
import { BASE, EMAIL, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };
const ID = sideConversation.id;
const message = { subject: "Printer", body: "On fire", to: [participant.email("someone@example.com")] };

function make(body: unknown = { side_conversation: sideConversation }, status = 200) {
  const fetch = fakeFetch(json(body, status));
  return { zd: createClient({ baseUrl: BASE, auth, fetch, retry: false, rateLimit: false }), fetch };
}

describe("helpers send the documented request", () => {
  it.each([
    [
      "list",
      (zd) => zd.sideConversations.list(42, { include: "events", perPage: 50 }),
      "GET",
      "/api/v2/tickets/42/side_conversations?include=events&per_page=50",
      "",
    ],
    [
      "show",
      (zd) => zd.sideConversations.show(42, ID, { include: "events" }),
      "GET",
      `/api/v2/tickets/42/side_conversations/${ID}?include=events`,
      "",
    ],
    [
      "events, with their side conversation sideloaded",
      (zd) => zd.sideConversations.events(42, ID, { include: "side_conversations", perPage: 10 }),
      "GET",
      `/api/v2/tickets/42/side_conversations/${ID}/events?include=side_conversations&per_page=10`,
      "",
    ],
    [
      "create",
      (zd) => zd.sideConversations.create(42, message, { externalIds: { mine: "1" } }),
      "POST",
      "/api/v2/tickets/42/side_conversations",
      JSON.stringify({ message, external_ids: { mine: "1" } }),
    ],
    [
      "reply",
      (zd) => zd.sideConversations.reply(42, ID, message),
      "POST",
      `/api/v2/tickets/42/side_conversations/${ID}/reply`,
      JSON.stringify({ message }),
    ],
    [
      "update",
      (zd) => zd.sideConversations.update(42, ID, { subject: "New" }),
      "PUT",
      `/api/v2/tickets/42/side_conversations/${ID}`,
      '{"side_conversation":{"subject":"New"}}',
    ],
    [
      "close",
      (zd) => zd.sideConversations.close(42, ID),
      "PUT",
      `/api/v2/tickets/42/side_conversations/${ID}`,
      '{"side_conversation":{"state":"closed"}}',
    ],
    [
      "reopen",
      (zd) => zd.sideConversations.reopen(42, ID),
      "PUT",
      `/api/v2/tickets/42/side_conversations/${ID}`,
      '{"side_conversation":{"state":"open"}}',
    ],
    [
      "import",
      (zd) =>
        zd.sideConversations.import(42, {
          sideConversation: { subject: "Old", state: "closed" },
          events: [{ created_at: "2022-10-05T20:47:02.230Z", message }],
        }),
      "POST",
      "/api/v2/tickets/42/side_conversations/import",
      JSON.stringify({
        side_conversation: { subject: "Old", state: "closed" },
        events: [{ created_at: "2022-10-05T20:47:02.230Z", message }],
      }),
    ],
    [
      "importEvents",
      (zd) => zd.sideConversations.importEvents(42, ID, [{ message }]),
      "POST",
      `/api/v2/tickets/42/side_conversations/${ID}/events/import`,
      JSON.stringify({ events: [{ message }] }),
    ],
    [
      "events",
      (zd) => zd.sideConversations.events(42, ID, { page: 2 }),
      "GET",
      `/api/v2/tickets/42/side_conversations/${ID}/events?page=2`,
      "",
    ],
    [
      "exportEvents",
      (zd) => zd.sideConversations.exportEvents(1700000000),
      "GET",
      "/api/v2/tickets/side_conversations/events?start_time=1700000000",
      "",
    ],
    [
      "conversationLog",
      (zd) => zd.conversationLog.list(42, { pageSize: 10, sort: "-created_at" }),
      "GET",
      "/api/v2/tickets/42/conversation_log?page[size]=10&sort=-created_at",
      "",
    ],
  ] as [string, (zd: ReturnType<typeof createClient>) => Promise<unknown>, string, string, string][])(
    "%s",
    async (_name, run, method, path, body) => {
      const { zd, fetch } = make();
      await expect(run(zd)).resolves.toEqual({ side_conversation: sideConversation });
      expect(fetch.calls).toHaveLength(1);
      const [sent] = fetch.calls;
      expect({ method: sent?.method, url: sent?.url, body: sent?.body }).toEqual({
        method,
        url: `${BASE}${path}`,
        body,
      });
      expect(sent?.headers.get("authorization")).toBe(`Basic ${btoa(`${EMAIL}/token:${TOKEN}`)}`);
      expect(sent?.headers.get("accept")).toBe("application/json");
      if (body) expect(sent?.headers.get("content-type")).toBe("application/json");
    },
  );

  it("encodes a side conversation id that needs it", async () => {
    const { zd, fetch } = make();
    await zd.sideConversations.show(42, "a%b");
    expect(fetch.calls[0]?.url).toBe(`${BASE}/api/v2/tickets/42/side_conversations/a%25b`);
  });

  it.each([0, -1, 1.5, Number.NaN, "42", 2 ** 60, null])("refuses ticket id %j before sending", async (ticketId) => {
    const { zd, fetch } = make();
    await expect(zd.sideConversations.list(ticketId as never)).rejects.toThrow(/^ticketId must be a positive integer/);
    expect(fetch.calls).toHaveLength(0);
  });

  it.each(["", "a/b", "../../users", "..", ".", "a b", "x?y", 7])(
    "refuses side conversation id %j before sending",
    async (id) => {
      const { zd, fetch } = make();
      await expect(zd.sideConversations.show(42, id as never)).rejects.toThrow(/^sideConversationId must be an id/);
      expect(fetch.calls).toHaveLength(0);
    },
  );

  it.each([
    [{}, "changes"],
    [{ state: "archived" }, "changes.state"],
    [{ subject: "" }, "changes.subject"],
    [{ state: "open", id: "x" }, "changes"],
  ])("refuses update %j", async (changes, field) => {
    const { zd, fetch } = make();
    await expect(zd.sideConversations.update(42, ID, changes as never)).rejects.toMatchObject({
      name: "ValidationError",
      field,
    });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("uploadAttachment", () => {
  const uploaded = { id: "s3-1", name: "note.txt", content_type: "text/plain", size: 5 };

  async function upload(
    input: Parameters<ReturnType<typeof createClient>["sideConversations"]["uploadAttachment"]>[0],
  ) {
    const { zd, fetch } = make(uploaded, 201);
    await expect(zd.sideConversations.uploadAttachment(input)).resolves.toEqual(uploaded);
    const sent = fetch.calls[0];
    expect(sent?.method).toBe("POST");
    expect(sent?.url).toBe(`${BASE}/api/v2/tickets/side_conversations/attachments`);
    const form = await new Response(sent?.body, {
      headers: { "content-type": sent?.headers.get("content-type") ?? "" },
    }).formData();
    const file = form.get("file") as File;
    return { name: file.name, type: file.type, text: await file.text() };
  }

  it("sends a Blob as the file part of a multipart form", async () => {
    expect(await upload({ file: new Blob(["hello"]), fileName: "note.txt", contentType: "text/plain" })).toEqual({
      name: "note.txt",
      type: "text/plain",
      text: "hello",
    });
  });

  it("takes a File's own name and type", async () => {
    expect(await upload({ file: new File(["hello"], "note.txt", { type: "text/plain" }) })).toEqual({
      name: "note.txt",
      type: "text/plain",
      text: "hello",
    });
  });

  it("sends bytes with the given type, or application/octet-stream", async () => {
    expect(await upload({ file: new TextEncoder().encode("hello"), fileName: "a.bin" })).toEqual({
      name: "a.bin",
      type: "application/octet-stream",
      text: "hello",
    });
  });

  it("reads a web ReadableStream", async () => {
    const stream = new Blob(["hel", "lo"]).stream();
    expect((await upload({ file: stream, fileName: "s.txt", contentType: "text/plain" })).text).toBe("hello");
  });

  it("reads a Node stream", async () => {
    const stream = Readable.from([Buffer.from("hel"), Buffer.from("lo")]);
    expect((await upload({ file: stream, fileName: "n.txt", contentType: "text/plain" })).text).toBe("hello");
  });

  it.each([
    [{ file: new Blob(["x"]) }, "fileName"],
    [{ file: new Blob(["x"]), fileName: 'a"b' }, "fileName"],
    [{ file: new Blob(["x"]), fileName: "a.txt", contentType: "text plain" }, "contentType"],
    [{ file: "just a string", fileName: "a.txt" }, "file"],
    [{ file: 42, fileName: "a.txt" }, "file"],
  ])("refuses %j before sending", async (input, field) => {
    const { zd, fetch } = make(uploaded, 201);
    await expect(zd.sideConversations.uploadAttachment(input as never)).rejects.toMatchObject({
      name: "ValidationError",
      field,
    });
    expect(fetch.calls).toHaveLength(0);
  });
});

describe("the openapi-fetch surface", () => {
  it("returns { data, error, response } through the same transport", async () => {
    const { zd, fetch } = make(sideConversation ? { side_conversations: [], next_page: null } : {});
    const { data, error, response } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 7 } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.side_conversations).toEqual([]);
    expect(fetch.calls[0]?.headers.get("authorization")).toMatch(/^Basic /);
  });

  it("returns the vendor's error body for a 404 without throwing", async () => {
    const { zd } = make({ error: "RecordNotFound" }, 404);
    const { data, error } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 7 } },
    });
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: "RecordNotFound" });
  });

  it("exposes a ValidationError class for callers to catch", () => {
    expect(new ValidationError("x", 1, "is wrong").message).toBe("x is wrong (got 1)");
  });
});
