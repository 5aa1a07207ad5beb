import { describe, expectTypeOf, it } from "vitest";
import type { operations, paths } from "../../src/index.js";

// The generated `paths` type must reach every operation of the spec, on its documented method.
describe("generated paths", () => {
  it("names exactly the eleven operations", () => {
    expectTypeOf<keyof operations>().toEqualTypeOf<
      | "listSideConversations"
      | "createSideConversation"
      | "showSideConversation"
      | "updateSideConversation"
      | "replyToSideConversation"
      | "importSideConversation"
      | "importSideConversationEvents"
      | "listSideConversationEvents"
      | "exportSideConversationEvents"
      | "uploadSideConversationAttachment"
      | "listConversationLog"
    >();
  });

  it("reaches each operation through its path and method", () => {
    type Tickets = "/api/v2/tickets/{ticket_id}";
    type One = `${Tickets}/side_conversations/{side_conversation_id}`;
    expectTypeOf<paths[`${Tickets}/side_conversations`]["get"]>().toEqualTypeOf<operations["listSideConversations"]>();
    expectTypeOf<paths[`${Tickets}/side_conversations`]["post"]>().toEqualTypeOf<
      operations["createSideConversation"]
    >();
    expectTypeOf<paths[One]["get"]>().toEqualTypeOf<operations["showSideConversation"]>();
    expectTypeOf<paths[One]["put"]>().toEqualTypeOf<operations["updateSideConversation"]>();
    expectTypeOf<paths[`${One}/reply`]["post"]>().toEqualTypeOf<operations["replyToSideConversation"]>();
    expectTypeOf<paths[`${Tickets}/side_conversations/import`]["post"]>().toEqualTypeOf<
      operations["importSideConversation"]
    >();
    expectTypeOf<paths[`${One}/events/import`]["post"]>().toEqualTypeOf<operations["importSideConversationEvents"]>();
    expectTypeOf<paths[`${One}/events`]["get"]>().toEqualTypeOf<operations["listSideConversationEvents"]>();
    expectTypeOf<paths["/api/v2/tickets/side_conversations/events"]["get"]>().toEqualTypeOf<
      operations["exportSideConversationEvents"]
    >();
    expectTypeOf<paths["/api/v2/tickets/side_conversations/attachments"]["post"]>().toEqualTypeOf<
      operations["uploadSideConversationAttachment"]
    >();
    expectTypeOf<paths[`${Tickets}/conversation_log`]["get"]>().toEqualTypeOf<operations["listConversationLog"]>();
  });

  it("keeps requests strict: recipients of one type only", () => {
    type Body = operations["createSideConversation"]["requestBody"]["content"]["application/json"];
    expectTypeOf<{ message: { to: [{ email: "a@example.com" }, { email: "b@example.com" }] } }>().toExtend<Body>();
    expectTypeOf<{
      message: { to: [{ email: "a@example.com" }, { slack_workspace_id: "T"; slack_channel_id: "C" }] };
    }>().not.toExtend<Body>();
    expectTypeOf<{ message: { subject: "no recipients" } }>().not.toExtend<Body>();
  });
});
