import { readFileSync } from "node:fs";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockUrl } from "../support/recorder.js";

// The vendor's own update request: its "Example body" (and the Go, Java, Node.js, Python and Ruby
// samples, which send the same body) puts the whole side conversation back, read-only fields
// included. The vendor's documented requests must pass: the mock and the sandbox answer 200, the
// sandbox changes only what can change and ignores the rest; a field that is not a side
// conversation's is still refused.
const body = JSON.parse(
  readFileSync(
    new URL("../../../../openapi/test/fixtures/reference/update-side-conversation.example-body.json", import.meta.url),
    "utf8",
  ),
) as { side_conversation: Record<string, unknown> };
const PATH = "/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17";

let sandbox: RunningMock;
let bearer: string;
beforeAll(async () => {
  sandbox = await startMock({ port: 0, stateful: true });
  bearer = `Bearer ${await sandboxToken(sandbox.url)}`; // the sandbox's own OAuth client
});
afterAll(() => sandbox?.stop());

const put = (origin: string, sent: unknown, authorization = bearer) =>
  fetch(`${origin}${PATH}`, {
    method: "PUT",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify(sent),
  });

describe("the vendor's update request, as its reference prints it", () => {
  it("is answered 200 by the stateless mock", async () => {
    const answer = await put(mockUrl(), body, "Bearer any");
    expect(answer.status, await answer.clone().text()).toBe(200);
    expect(answer.headers.get("sl-violations")).toBeNull();
  });

  it("is answered 200 by the sandbox, which changes what can change and ignores the read-only fields", async () => {
    const before = (
      (await (await fetch(`${sandbox.url}${PATH}`, { headers: { authorization: bearer } })).json()) as {
        side_conversation: Record<string, unknown>;
      }
    ).side_conversation;
    const sent = {
      side_conversation: {
        ...body.side_conversation,
        subject: "Printer fixed",
        state: "closed",
        url: "https://elsewhere.example.com/x",
        participants: [],
        created_at: "2001-01-01T00:00:00Z",
      },
    };
    const answer = await put(sandbox.url, sent);
    expect(answer.status, await answer.clone().text()).toBe(200);
    const after = ((await answer.json()) as { side_conversation: Record<string, unknown> }).side_conversation;
    expect(after).toMatchObject({ subject: "Printer fixed", state: "closed" });
    for (const readOnly of ["id", "url", "participants", "created_at", "external_ids"])
      expect(after[readOnly], readOnly).toEqual(before[readOnly]);
  });

  it("still refuses a field that is not a side conversation's, naming it", async () => {
    for (const origin of [mockUrl(), sandbox.url]) {
      const answer = await put(
        origin,
        { side_conversation: { ...body.side_conversation, colour: "blue" } },
        origin === sandbox.url ? bearer : "Bearer any",
      );
      expect(answer.status, origin).toBeGreaterThanOrEqual(400);
      expect(answer.status, origin).toBeLessThan(500);
      expect(`${answer.headers.get("sl-violations")}${await answer.text()}`, origin).toContain("colour");
    }
  });
});
