// The one matcher of a request to its operation (`match` of @sideconvo/openapi/operations), which
// the sandbox, verify and the contract suite route by.
import { describe, expect, it } from "vitest";
import { match, operations, splitNamespace } from "../../dist/operations.js";

const id = (method: string, path: string) => match(method, path).operation?.operationId;

describe("match", () => {
  it("finds every operation by its own path, with its parameters as they are in the path", () => {
    for (const op of operations) {
      const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => `${name}-value`);
      const found = match(op.method, path);
      expect(found.operation?.operationId, path).toBe(op.operationId);
      for (const parameter of op.parameters.filter((p) => p.in === "path"))
        expect(found.params[parameter.name]).toBe(`${parameter.name}-value`);
    }
    expect(operations).toHaveLength(11);
  });

  it("reads .json on the last segment, literal segments before templates, and any method's case", () => {
    expect(id("GET", "/api/v2/tickets/42/side_conversations.json")).toBe("listSideConversations");
    expect(match("GET", "/api/v2/tickets/42/side_conversations/abc.json").params.side_conversation_id).toBe("abc");
    expect(id("POST", "/api/v2/tickets/42/side_conversations/import")).toBe("importSideConversation");
    expect(id("put", "/api/v2/tickets/42/side_conversations/abc")).toBe("updateSideConversation");
    expect(match("GET", "/api/v2/tickets/42/side_conversations/a%2Fb").params.side_conversation_id).toBe("a%2Fb");
  });

  it("reads the vendor's singular /side_conversation/{id} as the plural, and says so", () => {
    expect(match("GET", "/api/v2/tickets/42/side_conversation/abc")).toMatchObject({
      alias: true,
      params: { side_conversation_id: "abc" },
    });
    expect(id("GET", "/api/v2/tickets/42/side_conversation/abc")).toBe("showSideConversation");
    expect(match("POST", "/api/v2/tickets/42/side_conversation/import")).toMatchObject({
      alias: false,
      operation: undefined,
    });
  });

  it("takes the sandbox's /ns/{name} prefix off", () => {
    expect(match("GET", "/ns/worker-3/api/v2/tickets/42/side_conversations")).toMatchObject({ namespace: "worker-3" });
    expect(id("GET", "/ns/worker-3/api/v2/tickets/42/side_conversations")).toBe("listSideConversations");
    expect(splitNamespace("/ns/a.b_c-1/__sandbox/reset")).toEqual({ namespace: "a.b_c-1", path: "/__sandbox/reset" });
    expect(splitNamespace("/api/v2/x")).toEqual({ namespace: undefined, path: "/api/v2/x" });
  });

  it("tells a path of another method from a path of none", () => {
    expect(match("DELETE", "/api/v2/tickets/42/side_conversations")).toMatchObject({
      operation: undefined,
      pathExists: true,
    });
    expect(match("GET", "/api/v2/users")).toMatchObject({ operation: undefined, pathExists: false });
    expect(match("GET", "/api/v2/tickets/42/side_conversations/a/b")).toMatchObject({ pathExists: false });
  });
});
