import { participant } from "@sideconvo/client";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { cases, invalidParameters, valid } from "@sideconvo/test-kit/invalid-requests";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockUrl, recordingClient } from "../support/recorder.js";
import { operations } from "../support/spec.js";

// The sandbox validates with the spec's own dialect (Ajv, JSON Schema 2020-12, compiled ahead of
// time) where the stateless mock has Prism's validator: every case of the shared invalid-request
// table, and every unbroken body, gets the same status from both. And "checked by the same Prism"
// holds as a test: a whole flow through Prism's validating proxy in front of the sandbox.
const AUTH = `Basic ${btoa("contract@example.com/token:contract-token")}`;
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const concrete = (path: string) => path.replace("{ticket_id}", "42").replace("{side_conversation_id}", ID);

let sandbox: RunningMock;
beforeAll(async () => {
  sandbox = await startMock({ port: 0, stateful: KEEP_API_TOKENS });
});
afterAll(() => sandbox?.stop());

async function answer(base: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: AUTH, ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let said: unknown;
  try {
    said = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
  } catch {
    said = text;
  }
  return { status: response.status, said };
}
const status = async (base: string, method: string, path: string, body?: unknown) =>
  (await answer(base, method, path, body)).status;
const pathOf = (operationId: string) => {
  const op = operations.find((candidate) => candidate.id === operationId);
  if (!op) throw new Error(`no operation ${operationId}`);
  return { method: op.method, path: concrete(op.path) };
};

describe("the sandbox refuses what the mock refuses, with the same status", () => {
  it.each(cases.map(([operationId, what, body]) => ({ operationId, what, body })))(
    "$operationId: $what",
    async ({ operationId, body }) => {
      const { method, path } = pathOf(operationId);
      const [prism, ours] = [
        await answer(mockUrl(), method, path, body),
        await answer(sandbox.url, method, path, body),
      ];
      // The same status and the same sentence: the stateless front says what the sandbox says.
      expect(ours.status).toBe(400);
      expect(prism).toEqual(ours);
      expect(ours.said).toEqual(expect.any(String));
    },
  );

  it.each(invalidParameters)("%s", async (_what, method, path) => {
    const [prism, ours] = [await answer(mockUrl(), method, path), await answer(sandbox.url, method, path)];
    expect(ours.status).toBe(400);
    expect(prism).toEqual(ours);
  });

  it.each(Object.entries(valid))("accepts the unbroken %s body, as the mock does", async (operationId, body) => {
    const { method, path } = pathOf(operationId);
    expect(await status(sandbox.url, method, path, body)).toBeLessThan(300);
    expect(await status(mockUrl(), method, path, body)).toBeLessThan(300);
  });
});

describe("the sandbox behind Prism's validating proxy", { timeout: 120_000 }, () => {
  it("answers a whole flow without a violation of the spec, requests or answers", async () => {
    const proxy = await startMock({ port: 0, upstream: sandbox.url, errors: true });
    try {
      const { zd, problems } = recordingClient({ baseUrl: proxy.url });
      const to = [participant.email("a@example.com")];
      const { side_conversation } = await zd.sideConversations.create(42, { subject: "Through Prism", body: "x", to });
      const id = String(side_conversation.id);
      await zd.sideConversations.reply(42, id, { body: "y", to });
      await zd.sideConversations.update(42, id, { state: "closed" });
      await zd.sideConversations.show(42, id, { include: "events" });
      await zd.sideConversations.list(42, { include: "events" });
      await zd.sideConversations.events(42, id);
      for await (const _ of zd.iterate.exportEvents({ startTime: 0, pageSize: 1000 })) void _;
      for await (const _ of zd.iterate.conversationLog(42)) void _;
      expect(problems()).toEqual([]);
    } finally {
      await proxy.stop();
    }
  });
});
