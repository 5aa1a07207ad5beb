// The one rule for a value that fails a union (`closestBranch` of @sideconvo/openapi/explain): the
// sandbox's refusals and verify's findings both say only what the closest branch asks for.
import { describe, expect, it } from "vitest";
import { closestBranch } from "../../src/explain.js";

const error = (keyword: string, instancePath: string, schemaPath: string) => ({ keyword, instancePath, schemaPath });

describe("closestBranch", () => {
  // A recipient that is neither an email one (two errors) nor a Slack one (one error).
  const errors = [
    error("required", "/to/0", "#/properties/to/oneOf/0/required"),
    error("additionalProperties", "/to/0", "#/properties/to/oneOf/0/additionalProperties"),
    error("required", "/to/0", "#/properties/to/oneOf/1/required"),
    error("oneOf", "/to", "#/properties/to/oneOf"),
    error("type", "/subject", "#/properties/subject/type"),
  ];

  it("keeps the closest branch's errors and those outside the union, not the union's own", () => {
    expect(closestBranch(errors)).toEqual([errors[2], errors[4]]);
    expect(closestBranch(errors, { sameSchema: true })).toEqual([errors[2], errors[4]]);
  });

  it("keeps the union's own error where no branch complained (two branches matched)", () => {
    const both = [error("oneOf", "/to", "#/properties/to/oneOf")];
    expect(closestBranch(both)).toEqual(both);
  });

  it("with sameSchema, an error of another schema does not count as the union's: the union's own is said too", () => {
    // An error from a referenced schema carries that schema's own path.
    const referenced = [error("format", "/to/0/email", "#/components/schemas/Email/format"), errors[3]];
    expect(closestBranch(referenced as never[])).toEqual([referenced[0]]);
    expect(closestBranch(referenced as never[], { sameSchema: true })).toEqual(referenced);
  });
});
