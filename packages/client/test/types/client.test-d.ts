import { describe, expectTypeOf, it } from "vitest";
import { createClient, participant, type SideConversation, type SideConversationEvent } from "../../src/index.js";

const zd = createClient({ subdomain: "acme", auth: { email: "a@example.com", apiToken: "t" } });

// Each @ts-expect-error below is a mistake the compiler must catch: if one ever compiles, the
// directive itself becomes the error and this test fails.
describe("the client's types", () => {
  it("type each helper's result from the spec", () => {
    expectTypeOf(zd.sideConversations.show(1, "x"))
      .resolves.toHaveProperty("side_conversation")
      .toEqualTypeOf<SideConversation>();
    expectTypeOf(zd.iterate.events(1, "x")).toExtend<AsyncIterable<SideConversationEvent>>();
  });

  it("refuse a wrong body", () => {
    // @ts-expect-error recipients cannot mix an email address with a Slack channel
    zd.sideConversations.create(1, { to: [participant.email("a@example.com"), participant.slack("T", "C")] });
    // @ts-expect-error `to` is required
    zd.sideConversations.create(1, { subject: "no recipients" });
    // @ts-expect-error a state that does not exist
    zd.sideConversations.update(1, "x", { state: "archived" });
    zd.POST("/api/v2/tickets/{ticket_id}/side_conversations", {
      params: { path: { ticket_id: 1 } },
      // @ts-expect-error the raw surface types bodies too: recipients are objects, not strings
      body: { message: { to: [] as string[] } },
    });
  });

  it("refuse a wrong path parameter", () => {
    // @ts-expect-error a ticket id is a number
    zd.sideConversations.list("42");
    // @ts-expect-error the path parameter has a name
    zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", { params: { path: { ticket: 1 } } });
    // @ts-expect-error no such path
    zd.GET("/api/v2/tickets/{ticket_id}/side_conversation", { params: { path: { ticket_id: 1 } } });
  });

  it("refuse a missing required field", () => {
    // @ts-expect-error start_time is required by the export
    zd.GET("/api/v2/tickets/side_conversations/events", { params: { query: {} } });
    // @ts-expect-error path parameters are required
    zd.GET("/api/v2/tickets/{ticket_id}/conversation_log", {});
    // @ts-expect-error events are required on import
    zd.sideConversations.import(1, { sideConversation: { subject: "x" } });
  });
});
