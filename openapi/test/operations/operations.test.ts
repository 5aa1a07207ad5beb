import { describe, expect, it } from "vitest";
import { deref, type JsonObject, operations, spec } from "../spec.js";

// The eleven operations of the reference, with the rate limits the vendor documents for them.
const expected = {
  listSideConversations: { method: "get", path: "/api/v2/tickets/{ticket_id}/side_conversations", success: "200" },
  showSideConversation: {
    method: "get",
    path: "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}",
    success: "200",
  },
  createSideConversation: { method: "post", path: "/api/v2/tickets/{ticket_id}/side_conversations", success: "201" },
  updateSideConversation: {
    method: "put",
    path: "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}",
    success: "200",
  },
  replyToSideConversation: {
    method: "post",
    path: "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/reply",
    success: "200",
  },
  importSideConversation: {
    method: "post",
    path: "/api/v2/tickets/{ticket_id}/side_conversations/import",
    success: "201",
  },
  importSideConversationEvents: {
    method: "post",
    path: "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/events/import",
    success: "201",
  },
  listSideConversationEvents: {
    method: "get",
    path: "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/events",
    success: "200",
  },
  exportSideConversationEvents: { method: "get", path: "/api/v2/tickets/side_conversations/events", success: "200" },
  uploadSideConversationAttachment: {
    method: "post",
    path: "/api/v2/tickets/side_conversations/attachments",
    success: "201",
  },
  listConversationLog: { method: "get", path: "/api/v2/tickets/{ticket_id}/conversation_log", success: "200" },
} as const;

const rateLimits: Record<string, { bucket: string; limit: number; windowSeconds: number }> = {
  createSideConversation: { bucket: "side-conversation-messages", limit: 300, windowSeconds: 600 },
  replyToSideConversation: { bucket: "side-conversation-messages", limit: 300, windowSeconds: 600 },
  exportSideConversationEvents: { bucket: "side-conversation-event-export", limit: 600, windowSeconds: 600 },
  listConversationLog: { bucket: "conversation-log", limit: 100, windowSeconds: 60 },
};

describe("operations", () => {
  it("describes exactly the eleven operations of the reference", () => {
    expect(operations.map((op) => op.id).sort()).toEqual(Object.keys(expected).sort());
  });

  describe.each(operations)("$id", (op) => {
    const want = expected[op.id as keyof typeof expected];

    it("sits on the documented method and path", () => {
      expect({ method: op.method, path: op.path }).toEqual({ method: want.method, path: want.path });
    });

    it("has a summary, a description in full sentences, and a tag", () => {
      expect(op.definition.summary).toMatch(/^[A-Z].{5,}/);
      expect(op.definition.description).toMatch(/^[A-Z][\s\S]*\.\s*$/);
      expect(op.definition.tags).toHaveLength(1);
    });

    it("documents its success response with an example, and the 401, 403 and 429 answers", () => {
      const success = deref(op.definition.responses[want.success]);
      const examples = (success.content as Record<string, JsonObject>)["application/json"]?.examples;
      expect(Object.keys(examples ?? {}).length).toBeGreaterThan(0);
      expect(Object.keys(op.definition.responses)).toEqual(expect.arrayContaining(["401", "403", "429"]));
    });

    it("shows an example request", () => {
      if (op.definition.requestBody) {
        const content = deref(op.definition.requestBody).content as Record<string, JsonObject>;
        const examples = Object.values(content).flatMap((media) => Object.keys(media.examples ?? {}));
        expect(examples.length).toBeGreaterThan(0);
      } else {
        // A read's "request" is its parameters: each must carry an example value.
        const parameters = (op.definition.parameters ?? []).map((p) => deref(p));
        expect(parameters.length).toBeGreaterThan(0);
        for (const parameter of parameters) expect(parameter, String(parameter.name)).toHaveProperty("example");
      }
    });

    it("records its own rate limit machine-readably where the vendor documents one", () => {
      const limits = op.definition["x-rate-limit"];
      if (rateLimits[op.id]) expect(limits?.[0]).toMatchObject(rateLimits[op.id] as JsonObject);
      else expect(limits).toBeUndefined();
    });
  });
});

describe("document", () => {
  it("leads with OAuth 2 (authorization code with PKCE, client credentials); API tokens deprecated with the vendor's dates; no passwords", () => {
    const schemes = spec.components.securitySchemes as Record<string, JsonObject>;
    expect(schemes).toMatchObject({
      oauth2: {
        type: "oauth2",
        flows: {
          authorizationCode: { authorizationUrl: "/oauth/authorizations/new", tokenUrl: "/oauth/tokens" },
          clientCredentials: { tokenUrl: "/oauth/tokens" },
        },
      },
      oauthToken: { type: "http", scheme: "bearer" },
      apiToken: { type: "http", scheme: "basic" },
    });
    expect(Object.keys(schemes)).not.toContain("password");
    expect(String(schemes.apiToken?.description)).toMatch(/Deprecated.*2026-10-27.*2027-04-30/s);
    expect(spec.security).toEqual([{ oauth2: ["read"] }, { oauthToken: [] }, { apiToken: [] }]);
  });

  it("serves from the account's subdomain", () => {
    expect(spec.servers).toEqual([
      expect.objectContaining({
        url: "https://{subdomain}.zendesk.com",
        variables: { subdomain: expect.objectContaining({ default: "acme" }) },
      }),
    ]);
  });

  it("documents the unix_time naming discrepancy of the incremental export", () => {
    const exportOp = operations.find((op) => op.id === "exportSideConversationEvents");
    const startTime = (exportOp?.definition.parameters ?? []).map((p) => deref(p)).find((p) => p.name === "start_time");
    expect(startTime?.required).toBe(true);
    expect(String(startTime?.description)).toContain("unix_time");
    expect(String(exportOp?.definition.description)).toContain("unix_time");
  });

  it('names the role each operation needs, as the vendor\'s "Allowed for" does: admins for the export, agents for the rest', () => {
    for (const op of operations) {
      const role = op.id === "exportSideConversationEvents" ? "admins" : "agents";
      expect(op.definition["x-allowed-for"], op.id).toEqual([role]);
      // Said where a reader of the reference sees it, at the end of the description.
      expect(String(op.definition.description).trimEnd(), op.id).toMatch(
        new RegExp(`\\*\\*Allowed for:\\*\\* ${role[0]?.toUpperCase()}${role.slice(1)}\\.$`),
      );
    }
  });

  it("sideloads events on list and show, and side conversations on a side conversation's events", () => {
    const withInclude = operations
      .filter((op) => (op.definition.parameters ?? []).some((p) => deref(p).name === "include"))
      .map((op) => op.id);
    expect(withInclude.sort()).toEqual(["listSideConversationEvents", "listSideConversations", "showSideConversation"]);
  });
});
