import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import { describe, expect, it } from "vitest";

// The reference shows a TypeScript sample per operation (`x-codeSamples` in the spec, files under
// openapi/code_samples/typescript). They are compiled here against this package's source, so a
// renamed helper or a changed type breaks the build instead of the readers' copy-paste.
const samplesDir = fileURLToPath(new URL("../../../../openapi/code_samples/typescript/", import.meta.url));
const clientEntry = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
const spec = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../../openapi/dist/openapi.json", import.meta.url)), "utf8"),
) as { paths: Record<string, Record<string, { operationId: string; "x-codeSamples"?: { lang: string }[] }>> };

/** Compiles the given files (path → text; files on disk when text is undefined) and returns the errors as text. */
const compile = (files: Record<string, string | undefined>) =>
  compileSnippets(files, {
    paths: { "@sideconvo/client": [clientEntry] },
    options: { noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true },
  }).map((error) => error.message);

const sampleFiles = readdirSync(samplesDir).filter((name) => name.endsWith(".ts"));
const operationIds = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));

describe("TypeScript code samples of the reference", () => {
  it("exist for every operation, and the spec shows them", () => {
    expect(sampleFiles.map((name) => name.replace(/\.ts$/, "")).sort()).toEqual([...operationIds].sort());
    for (const item of Object.values(spec.paths))
      for (const op of Object.values(item))
        expect(
          op["x-codeSamples"]?.map((sample) => sample.lang),
          op.operationId,
        ).toEqual(["TypeScript", "Shell"]);
  });

  it("compile against the client", () => {
    const files = Object.fromEntries(sampleFiles.map((name) => [samplesDir + name, undefined]));
    expect(compile(files)).toEqual([]);
  }, 60_000);

  it("would fail on a sample that calls the client wrongly (control)", () => {
    const broken = readFileSync(`${samplesDir}replyToSideConversation.ts`, "utf8").replace("body:", "bodi:");
    const errors = compile({ [`${samplesDir}broken-control.ts`]: broken });
    expect(errors.join("\n")).toMatch(/bodi/);
  }, 60_000);
});
