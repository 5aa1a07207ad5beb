import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { describe, expect, it } from "vitest";

// The handlers read and write the spec's generated schema types, so a field the spec renames must
// stop the sandbox from compiling. Each case renames one field in a copy of the bundle, generates
// the types from it as `pnpm generate` does, and compiles the sandbox's source against them.
// biome-ignore lint/suspicious/noExplicitAny: a JSON document edited in place, path by path
type Spec = Record<string, any>;
const source = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));
const specText = readFileSync(fileURLToPath(new URL("../../../../openapi/dist/openapi.json", import.meta.url)), "utf8");

async function compileAgainst(change: (spec: Spec) => void): Promise<string[]> {
  const spec = JSON.parse(specText) as Spec;
  change(spec);
  const schema = astToString(await openapiTS(spec as OpenAPI3));
  return compileSnippets(
    // The changed spec's types stand in for @sideconvo/openapi/schema, where the package reads them.
    { [source("generated/changed-spec-schema.d.ts")]: schema },
    {
      paths: { "@sideconvo/openapi/schema": [source("generated/changed-spec-schema.d.ts")] },
      roots: [source("index.ts"), source("node/index.ts")],
      options: { noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true },
    },
  ).map((error) => error.message);
}

function rename(object: Record<string, unknown>, from: string, to: string) {
  if (!(from in object)) throw new Error(`the spec has no ${from} to rename`);
  object[to] = object[from];
  delete object[from];
}

describe("the sandbox against a spec that changed under it", () => {
  it("compiles against the spec as it is (control)", async () => {
    expect(await compileAgainst(() => {})).toEqual([]);
  }, 60_000);

  it.each([
    [
      "a response field (message_added_at of a side conversation)",
      (spec: Spec) =>
        rename(spec.components.schemas.SideConversation.properties, "message_added_at", "last_message_at"),
      /message_added_at/,
      "side-conversations.ts",
    ],
    [
      "a request field (attachment_ids of a message)",
      (spec: Spec) =>
        rename(spec.components.schemas.SideConversationMessageInput.properties, "attachment_ids", "attachments"),
      /attachment_ids/,
      "side-conversations.ts",
    ],
    [
      "a page field (end_time of the export)",
      (spec: Spec) =>
        rename(spec.components.schemas.SideConversationEventExportResponse.properties, "end_time", "until"),
      /end_time/,
      "events.ts",
    ],
    [
      "a cursor field (meta.has_more of the conversation log)",
      (spec: Spec) => rename(spec.components.schemas.CursorMeta.properties, "has_more", "more"),
      /has_more/,
      "conversation-log.ts",
    ],
  ])(
    "fails to compile when the spec renames %s",
    async (_, change, named, file) => {
      const errors = await compileAgainst(change);
      expect(errors.join("\n")).toMatch(named);
      // The errors are in the handlers, not in the generated file.
      expect(errors.some((error) => error.includes(`/src/resources/${file}`))).toBe(true);
    },
    60_000,
  );
});
