import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import manifest from "../fixtures/reference/manifest.json" with { type: "json" };
import { formatErrors, requestSchemaPointer, responseSchemaPointer, validate } from "../spec.js";

// The JSON examples of the vendor's reference pages, copied verbatim (see fixtures/README.md),
// each checked against the operation or schema it documents.
interface Entry {
  file: string | null;
  source: string;
  target: string;
  part: "request" | "response" | "object";
  status?: number;
  expect: "valid" | "invalid" | "not-json";
  why?: string;
}

const entries = manifest as Entry[];

function schemaPointer(entry: Entry): string {
  if (entry.target.startsWith("schema:")) return `/components/schemas/${entry.target.slice("schema:".length)}`;
  return entry.part === "request"
    ? requestSchemaPointer(entry.target)
    : responseSchemaPointer(entry.target, entry.status ?? 200);
}

function load(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/reference/${file}`, import.meta.url), "utf8"));
}

describe("the vendor's JSON examples", () => {
  it("are all accounted for", () => {
    expect(entries.filter((e) => e.expect === "valid").length).toBeGreaterThanOrEqual(30);
  });

  it.each(entries.filter((e) => e.expect === "valid"))("$source ($target $part) is valid", (entry) => {
    const errors = validate(schemaPointer(entry), load(entry.file as string));
    expect(errors, formatErrors(errors)).toEqual([]);
  });

  it.each(entries.filter((e) => e.expect === "invalid"))(
    "$source ($target $part) is refused on purpose: $why",
    (entry) => {
      expect(validate(schemaPointer(entry), load(entry.file as string))).not.toEqual([]);
    },
  );

  it.each(entries.filter((e) => e.expect === "not-json"))("$source is not JSON as printed: $why", (entry) => {
    const text = readFileSync(new URL(`../fixtures/reference/${entry.file}`, import.meta.url), "utf8");
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    // The one repair: the comma missing between the attachments array and "metadata".
    const repaired = text.replace(/\]\s*\n"metadata"/, '],\n"metadata"');
    expect(repaired).not.toBe(text);
    const errors = validate(schemaPointer(entry), JSON.parse(repaired));
    expect(errors, formatErrors(errors)).toEqual([]);
  });
});
