import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { describe, expect, it } from "vitest";

// The helpers and iterators are written with openapi-fetch's typed calls, so a change of the spec
// that they do not follow must stop the client from compiling. Each case renames one thing in a
// copy of the bundled spec, generates the types from it as the spec's bundle does, and compiles the
// client's source against them.
// biome-ignore lint/suspicious/noExplicitAny: a JSON document edited in place, path by path
type Spec = Record<string, any>;
const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
const specText = readFileSync(fileURLToPath(new URL("../../../../openapi/dist/openapi.json", import.meta.url)), "utf8");

async function compileClientAgainst(change: (spec: Spec) => void): Promise<string[]> {
  const spec = JSON.parse(specText) as Spec;
  change(spec);
  const schema = astToString(await openapiTS(spec as OpenAPI3));
  return compileSnippets(
    // The changed spec's types stand in for @sideconvo/openapi/schema, where the package reads them.
    { [source("generated/changed-spec-schema.d.ts")]: schema },
    {
      paths: { "@sideconvo/openapi/schema": [source("generated/changed-spec-schema.d.ts")] },
      roots: [source("index.ts")],
      options: { noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, types: [] },
    },
  ).map((error) => error.message);
}

function renameKey(object: Record<string, unknown>, from: string, to: string) {
  if (!(from in object)) throw new Error(`the spec has no ${from} to rename`);
  object[to] = object[from];
  delete object[from];
}

describe("the client against a spec that changed under it", () => {
  it("compiles against the spec as it is (control)", async () => {
    expect(await compileClientAgainst(() => {})).toEqual([]);
  }, 60_000);

  it.each([
    [
      "a response field (next_page of the offset pages)",
      (spec: Spec) => {
        const page = spec.components.schemas.OffsetPage;
        renameKey(page.properties, "next_page", "next_page_url");
        page.required = page.required?.map((name: string) => (name === "next_page" ? "next_page_url" : name));
      },
      /next_page/,
    ],
    [
      "a query parameter (per_page)",
      (spec: Spec) => {
        spec.components.parameters.PerPage.name = "page_size";
      },
      /per_page/,
    ],
    [
      "a request body field (external_ids of a create)",
      (spec: Spec) => {
        renameKey(spec.components.schemas.CreateSideConversationRequest.properties, "external_ids", "externalIds");
      },
      /external_ids/,
    ],
    [
      "a path (the conversation log)",
      (spec: Spec) => {
        renameKey(
          spec.paths,
          "/api/v2/tickets/{ticket_id}/conversation_log",
          "/api/v2/tickets/{ticket_id}/conversation_logs",
        );
      },
      /conversation_log/,
    ],
  ])(
    "fails to compile when the spec renames %s",
    async (_, change, named) => {
      const errors = await compileClientAgainst(change);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.join("\n")).toMatch(named);
      // The errors are in the client's own code, not in the generated file.
      expect(errors.some((error) => error.includes("/src/client.ts") || error.includes("/src/paginate.ts"))).toBe(true);
    },
    60_000,
  );
});
