import { cases, valid } from "@sideconvo/test-kit/invalid-requests";
import { describe, expect, it } from "vitest";
import { formatErrors, requestSchemaPointer, validate } from "../spec.js";

describe("request bodies", () => {
  it.each(Object.entries(valid))("the unbroken %s body is valid", (operationId, body) => {
    const errors = validate(requestSchemaPointer(operationId), body);
    expect(errors, formatErrors(errors)).toEqual([]);
  });

  it.each(cases)("%s refuses %s", (operationId, _what, body, at) => {
    const errors = validate(requestSchemaPointer(operationId), body);
    expect(errors.length, "the body was accepted").toBeGreaterThan(0);
    // The break must be what is refused, not something else in the body.
    expect(errors.map((e) => e.instancePath)).toContainEqual(expect.stringMatching(new RegExp(`^${at}`)));
  });

  it("refuses an upload without its file part", () => {
    const pointer = requestSchemaPointer("uploadSideConversationAttachment", "multipart/form-data");
    expect(validate(pointer, { file: "bytes" })).toEqual([]);
    expect(validate(pointer, {}).map((e) => e.params)).toContainEqual({ missingProperty: "file" });
    expect(validate(pointer, { file: "bytes", other: "x" }).length).toBeGreaterThan(0);
  });

  it("has enough cases to mean something", () => {
    console.info(`invalid request bodies refused: ${cases.length + 2}`);
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });
});
