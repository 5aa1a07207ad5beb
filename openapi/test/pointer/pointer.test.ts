// The one JSON Pointer and $ref helper every package reads the bundle with (@sideconvo/openapi/pointer).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { at, deref, escapeSegment, keysOf, pointerTo, unescapeSegment } from "../../src/pointer.js";

const spec = JSON.parse(readFileSync(new URL("../../dist/openapi.json", import.meta.url), "utf8"));

describe("pointers", () => {
  it("escape ~ and / and back (RFC 6901), in that order", () => {
    expect(escapeSegment("application/json")).toBe("application~1json");
    expect(escapeSegment("a~1b")).toBe("a~01b"); // not read back as a/b
    for (const key of ["a/b", "a~b", "~1", "/~0/", "plain"]) expect(unescapeSegment(escapeSegment(key))).toBe(key);
    expect(keysOf("#/paths/~1api~1v2~1tickets~1{ticket_id}~1side_conversations/get")).toEqual([
      "paths",
      "/api/v2/tickets/{ticket_id}/side_conversations",
      "get",
    ]);
    expect(keysOf("#")).toEqual([]);
    expect(pointerTo(["components", "schemas", "A/B"])).toBe("#/components/schemas/A~1B");
  });

  it("find a node of the bundle, or nothing", () => {
    const path = "/api/v2/tickets/{ticket_id}/side_conversations";
    expect(at(spec, `${pointerTo(["paths", path, "get"])}/operationId`)).toBe("listSideConversations");
    expect(at(spec, "/components/schemas/SideConversation/type")).toBe("object"); // without the #
    expect(at(spec, "#/components/schemas/NoSuchSchema/type")).toBeUndefined();
    expect(at(spec, "#/openapi/length/deeper")).toBeUndefined();
  });

  it("follow $refs, chains included, and refuse a circle or a $ref elsewhere", () => {
    expect(deref(spec, { $ref: "#/components/parameters/TicketId" })).toMatchObject({ name: "ticket_id", in: "path" });
    const chained = { a: { $ref: "#/b" }, b: { $ref: "#/c" }, c: { found: true } };
    expect(deref(chained, { $ref: "#/a" })).toEqual({ found: true });
    expect(deref(chained, { plain: 1 })).toEqual({ plain: 1 });
    expect(() => deref({ a: { $ref: "#/a" } }, { $ref: "#/a" })).toThrow("goes round in a circle");
    expect(() => deref(spec, { $ref: "other.yaml#/x" })).toThrow("only local $refs are followed, got other.yaml#/x");
  });
});
