// Bundle sizes: each entry bundled with its dependencies by esbuild, minified, then gzip -9.
// The client entry is the built dist/index.js; the others are their packages' default entries.
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { fmt } from "../../../scripts/bench/report.mjs";

const require = createRequire(import.meta.url);
// The guard of packages/client/test/size: 15.5 kB gzip, openapi-fetch included (OAuth in the core since it was 12.5 kB).
const TARGET = 15.5 * 1024;

async function size(entry, platform = "browser") {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: import.meta.dirname },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function bundle() {
  const entries = [
    ["@sideconvo/client", require.resolve("@sideconvo/client"), "browser"],
    ["openapi-fetch", "openapi-fetch", "browser"],
    ["ky", "ky", "browser"],
    ["axios", "axios", "browser"],
    ["node-zendesk (platform node: it needs node: built-ins)", "node-zendesk", "node"],
  ];
  const sizes = [];
  for (const [name, entry, platform] of entries) sizes.push([name, await size(entry, platform)]);
  const base = sizes[1][1].gzip;
  const rows = sizes.map(
    ([name, { min, gzip }], i) =>
      `| ${name} | ${fmt(min)} B | ${fmt(gzip)} B | ${fmt(gzip / base, 2)}× | ${i === 0 ? `guard ${fmt(TARGET)} B: ${gzip <= TARGET ? "met" : "**not met**"}` : ""} |`,
  );
  return `## Bundle size

Each entry bundled with its dependencies by esbuild (ESM, minified), then gzip -9. Ratios are to openapi-fetch.
The client's figure includes openapi-fetch's runtime, which sends its requests; \`packages/client/test/size\` guards it
in \`npm test\`.

| bundle | min | min+gzip | ratio | target |
| --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
}
