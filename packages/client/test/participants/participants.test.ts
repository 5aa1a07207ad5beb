import { cases } from "@sideconvo/test-kit/invalid-requests";
import { describe, expect, it } from "vitest";
import { checkMessage, createClient, participant, ValidationError } from "../../src/index.js";
import { BASE, EMAIL, fakeFetch, json, sideConversation, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };

describe("participant builders", () => {
  it("build each side-conversation type", () => {
    // toStrictEqual: a builder must not add keys with undefined values (a second recipient shape).
    expect(participant.email("a@example.com")).toStrictEqual({ email: "a@example.com" });
    expect(participant.email("a@example.com", "A")).toEqual({ email: "a@example.com", name: "A" });
    expect(participant.user(123)).toEqual({ user_id: 123 });
    expect(participant.slack("T1", "C1")).toEqual({ slack_workspace_id: "T1", slack_channel_id: "C1" });
    expect(participant.childTicket(123)).toStrictEqual({ support_group_id: 123 });
    expect(participant.childTicket(123, 456)).toEqual({ support_group_id: 123, support_agent_id: 456 });
    expect(participant.teams("19:abc@thread.tacv2")).toEqual({ msteams_channel_id: "19:abc@thread.tacv2" });
  });

  it("produce messages that pass the checks", () => {
    for (const to of [
      [participant.email("a@example.com"), participant.user(5)],
      [participant.slack("T1", "C1")],
      [participant.childTicket("12", 34)],
      [participant.teams("19:x")],
    ]) {
      expect(() => checkMessage({ subject: "S", body: "B", to })).not.toThrow();
    }
  });
});

describe("message checks", () => {
  it("name the field and the value of a mixed recipient", () => {
    const to = [participant.email("a@example.com"), participant.slack("T1", "C1")];
    expect(() => checkMessage({ to })).toThrow(
      'message.to[1] is Slack, but to[0] is email: recipients cannot mix types (got {"slack_workspace_id":"T1","slack_channel_id":"C1"})',
    );
  });

  it.each([
    [{ to: [{ email: "x" }] }, "message.to[0].email", "must be an email address"],
    [{ to: [{ slack_workspace_id: "T1" }] }, "message.to[0]", "is not a participant of one type"],
    [{ to: [{ support_group_id: 0 }] }, "message.to[0].support_group_id", "positive integer"],
    [{ to: [{ support_group_id: 1, support_agent_id: "x" }] }, "message.to[0].support_agent_id", "positive integer"],
    [{ to: [] }, "message.to", "non-empty array"],
    [{ to: [participant.user(1)], from: { email: "bad" } }, "message.from.email", "email address"],
    [{ to: [participant.user(1)], external_ids: { a: 1 } }, "message.external_ids.a", "must be a string"],
    [{ to: [participant.user(1)], subject: 5 }, "message.subject", "must be a string"],
    [{ to: [participant.user(1)], cc: [] }, "message.cc", "is not a message field"],
  ])("refuse %j as %s", (message, field, problem) => {
    try {
      checkMessage(message);
      expect.unreachable("the message was accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).toContain(problem);
    }
  });
});

// The spec's own table of invalid request bodies: every body the helpers can express must be
// refused by the client too, before anything is sent.
describe("the client refuses what the spec refuses", () => {
  const fetch = fakeFetch(json({ side_conversation: sideConversation }, 201));
  const zd = createClient({ baseUrl: BASE, auth, fetch, retry: false, rateLimit: false });
  const id = sideConversation.id;

  // Each entry turns a raw body into the helper call that sends it, or undefined where the
  // helper's arguments cannot express that body (an unknown top-level field, say).
  type Call = (() => Promise<unknown>) | undefined;
  const through: Record<string, (body: Record<string, unknown>) => Call> = {
    createSideConversation: ({ message, external_ids, ...rest }) =>
      Object.keys(rest).length
        ? undefined
        : () =>
            zd.sideConversations.create(
              42,
              message as never,
              external_ids === undefined ? {} : { externalIds: external_ids as never },
            ),
    replyToSideConversation: ({ message, ...rest }) =>
      Object.keys(rest).length ? undefined : () => zd.sideConversations.reply(42, id, message as never),
    updateSideConversation: ({ side_conversation, ...rest }) =>
      Object.keys(rest).length && side_conversation !== undefined
        ? undefined
        : () => zd.sideConversations.update(42, id, side_conversation as never),
    importSideConversation: ({ side_conversation, events }) => {
      const given = side_conversation as Record<string, unknown> | undefined;
      const sideConversation = given && { subject: given.subject, state: given.state, externalIds: given.external_ids };
      return () => zd.sideConversations.import(42, { sideConversation, events } as never);
    },
    importSideConversationEvents:
      ({ events }) =>
      () =>
        zd.sideConversations.importEvents(42, id, events as never),
  };

  const expressible = cases
    .map(([operationId, what, body]) => ({ operationId, what, call: through[operationId]?.(body as never) }))
    .filter((entry) => entry.call !== undefined);

  it("covers nearly all of the table", () => {
    expect(expressible.length).toBeGreaterThanOrEqual(cases.length - 5);
  });

  it.each(expressible)("$operationId: $what", async ({ call }) => {
    const before = fetch.calls.length;
    await expect(call?.()).rejects.toBeInstanceOf(ValidationError);
    expect(fetch.calls.length).toBe(before);
  });
});
