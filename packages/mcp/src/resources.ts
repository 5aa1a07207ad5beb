// What an agent can read besides the tools: the spec, and the docs' guides (copied into the package
// at build time by scripts/copy-guides.mjs), as MCP resources.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ReadResourceResult, Resource } from "@modelcontextprotocol/sdk/types.js";
import { specPath } from "./spec-schemas.js";

export const SPEC_URI = "sideconvo://openapi.json";
const GUIDE_PREFIX = "sideconvo://guides/";

/** The guides' folder: beside the built module, or the package's dist/ when run from its sources. */
function guidesDir(): string {
  for (const candidate of ["./guides/", "../dist/guides/"]) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}index.json`)) return dir;
  }
  throw new Error("the guides are not built: run the package's build (it copies them into dist/guides)");
}

let guides: { file: string; title: string }[] | undefined;
/** The spec's text, read on its first request (the file does not change while the server runs). */
let specText: string | undefined;
const guideList = () => {
  guides ??= JSON.parse(readFileSync(`${guidesDir()}index.json`, "utf8")) as { file: string; title: string }[];
  return guides;
};

export function listResources(): Resource[] {
  return [
    {
      uri: SPEC_URI,
      name: "openapi.json",
      title: "The OpenAPI 3.1 document of the Side Conversations and Conversation Log APIs",
      description: "Every operation, parameter and schema, with the vendor's rules and rate limits.",
      mimeType: "application/json",
    },
    ...guideList().map(({ file, title }) => ({
      uri: `${GUIDE_PREFIX}${file}`,
      name: file,
      title,
      description: `The guide "${title}" of the sideconvo docs.`,
      mimeType: "text/markdown",
    })),
  ];
}

/** A resource's text, or undefined when no resource has that URI. */
export function readResource(uri: string): ReadResourceResult | undefined {
  if (uri === SPEC_URI) {
    specText ??= readFileSync(specPath(), "utf8");
    return { contents: [{ uri, mimeType: "application/json", text: specText }] };
  }
  if (uri.startsWith(GUIDE_PREFIX)) {
    const guide = guideList().find(({ file }) => `${GUIDE_PREFIX}${file}` === uri);
    if (guide)
      return {
        contents: [{ uri, mimeType: "text/markdown", text: readFileSync(`${guidesDir()}${guide.file}`, "utf8") }],
      };
  }
  return undefined;
}
