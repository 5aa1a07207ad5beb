import { ApiError, createClient, participant } from "@sideconvo/client";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_URL, sandboxHandlers } from "../../src/msw.js";

// The sandbox in the test process through MSW, with the real client: no port, no child process.
const { handlers, sandbox } = sandboxHandlers({ ...KEEP_API_TOKENS, seed: "empty", exportPageSize: 2 });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());
beforeEach(() => sandbox.reset());

const zd = createClient({
  baseUrl: SANDBOX_URL,
  auth: { email: "agent@example.com", apiToken: "x" },
  retry: { retries: 0 },
});
const to = [participant.email("facilities@example.com")];

describe("@sideconvo/sandbox/msw in Node", () => {
  it("creates, replies, lists by page and exports through the client", async () => {
    const made = [];
    // A second apart on the sandbox's clock (moved, not waited for): pages of two never meet a busy second.
    for (let n = 0; n < 3; n++) {
      made.push((await zd.sideConversations.create(1001, { subject: `n${n}`, body: "x", to })).side_conversation);
      sandbox.clock.advance(1000);
    }
    await zd.sideConversations.reply(1001, String(made[0]?.id), { body: "Any news?", to });
    const listed = [];
    for await (const sc of zd.iterate.sideConversations(1001, { perPage: 2 })) listed.push(sc.id);
    expect(listed).toEqual(made.map((sc) => sc.id));
    const exported = [];
    for await (const event of zd.iterate.exportEvents({ startTime: 0 })) exported.push(event.type);
    expect(exported.sort()).toEqual(["create", "create", "create", "reply"]);
  });

  it("answers the client's typed errors: 404 with the request id, 422 naming the field", async () => {
    const missing = await zd.sideConversations.show(1001, "nope").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBe(404);
    expect((missing as ApiError).requestId).toMatch(/^[0-9a-f]{16}$/);
    const invalid = await zd.sideConversations
      .create(1001, { body: "x", to, attachment_ids: ["s3-never-uploaded"] })
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ApiError);
    expect((invalid as ApiError).status).toBe(422);
    expect((invalid as ApiError).details).toEqual({
      "message.attachment_ids[0]": [
        { description: "Attachment s3-never-uploaded is unknown: upload it first", error: "InvalidValue" },
      ],
    });
  });

  it("gives each reset a clean state", async () => {
    expect((await zd.sideConversations.list(1001)).side_conversations).toEqual([]);
  });
});
