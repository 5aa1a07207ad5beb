// What tools read rather than people: the spec to download (openapi.json, openapi.yaml), a Markdown
// twin of every page and of every operation (reference/<operationId>.md), llms.txt (llmstxt.org:
// what the API and packages are, with links to those twins), and sitemap.xml. Written next to the
// HTML by build.mjs; every link in them is relative to the site's root, except the sitemap's, which
// the protocol wants absolute (--site-url).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import { lookup, operationRoute } from "./checks.mjs";
import { FAVICON_SVG } from "./render.mjs";

const METHODS = ["get", "put", "post", "patch", "delete"];

/** Each operation of the spec with its method and path. */
export function operationsOf(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]?.operationId).map((method) => ({ method, path, op: item[method] })),
  );
}

/** Follows a local $ref of the bundle (`#/components/...`), through any chain of them. */
export function deref(spec, node) {
  let current = node;
  while (current && typeof current.$ref === "string") current = lookup(spec, current.$ref);
  return current;
}

/** The first example of a media type object, as JSON text. */
function exampleOf(spec, media) {
  if (!media) return undefined;
  if (media.example !== undefined) return JSON.stringify(media.example, null, 2);
  const first = Object.values(media.examples ?? {})[0];
  const value = deref(spec, first)?.value;
  return value === undefined ? undefined : JSON.stringify(value, null, 2);
}

/** One operation as Markdown: what it does, its parameters, body, answers and code samples. */
export function operationMarkdown(spec, { method, path, op }) {
  const lines = [`# ${op.summary ?? op.operationId}`, "", `\`${method.toUpperCase()} ${path}\``, ""];
  if (op.description) lines.push(op.description.trim(), "");
  const parameters = (op.parameters ?? []).map((p) => deref(spec, p));
  if (parameters.length) {
    lines.push("## Parameters", "", "| name | in | required | description |", "| --- | --- | --- | --- |");
    for (const p of parameters)
      lines.push(
        `| \`${p.name}\` | ${p.in} | ${p.required ? "yes" : "no"} | ${(p.description ?? "").replace(/\s+/g, " ").replaceAll("|", "\\|")} |`,
      );
    lines.push("");
  }
  const body = deref(spec, op.requestBody);
  const requestExample = exampleOf(spec, body?.content?.["application/json"]);
  if (requestExample) lines.push("## Request body", "", "```json", requestExample, "```", "");
  lines.push("## Responses", "");
  for (const [status, response] of Object.entries(op.responses ?? {})) {
    const resolved = deref(spec, response);
    lines.push(`- **${status}**: ${(resolved?.description ?? "").replace(/\s+/g, " ").trim()}`);
  }
  lines.push("");
  const success = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith("2"));
  const answer = success && exampleOf(spec, deref(spec, success[1])?.content?.["application/json"]);
  if (answer) lines.push(`## Example answer (${success[0]})`, "", "```json", answer, "```", "");
  for (const sample of op["x-codeSamples"] ?? []) {
    const lang = /typescript/i.test(sample.lang) ? "ts" : /shell|curl/i.test(sample.lang) ? "sh" : "";
    lines.push(`## ${sample.label ?? sample.lang}`, "", `\`\`\`${lang}`, sample.source.trimEnd(), "```", "");
  }
  lines.push(`In the reference: [${op.summary ?? op.operationId}](../reference.html#${operationRoute(op)})`, "");
  return `${lines.join("\n")}\n`;
}

/** llms.txt: the site in a few lines, then a link to the Markdown of every guide and operation. */
export function llmsTxt(spec, guides) {
  const summary = spec.info?.summary ?? spec.info?.title ?? "";
  return `${[
    "# sideconvo",
    "",
    `> Spec-first TypeScript tooling for the Zendesk Side Conversations and Conversation Log APIs. ${summary}`,
    "",
    "The packages: `@sideconvo/client` (a typed client: helpers, iterators, retries, rate limits, typed errors), " +
      "`@sideconvo/mock` (Prism serving the spec), `@sideconvo/sandbox` (a stateful sandbox: in-process, over HTTP, " +
      "or with MSW), `@sideconvo/verify` and the `sideconvo` CLI (`@sideconvo/cli`: every operation, the export, " +
      "`sideconvo verify` for CI), and `@sideconvo/openapi` (the OpenAPI 3.1 document).",
    "",
    "## Guides",
    "",
    "- [Overview](index.md): the packages and a first request",
    ...guides.map((guide) => `- [${guide.title}](${guide.path.replace(/\.html$/, ".md")}): ${guide.description}`),
    "",
    "## API reference",
    "",
    ...operationsOf(spec).map(
      ({ method, path, op }) =>
        `- [${op.summary ?? op.operationId}](reference/${op.operationId}.md): \`${method.toUpperCase()} ${path}\``,
    ),
    "",
    "## Try it",
    "",
    "- [Console](console.md): send any operation from the browser, to the sandbox in the tab or to a server you name",
    "",
    "## Changes",
    "",
    "- [Changelog](changelog.md): what waits for the next release, and each release's notes",
    "",
    "## Everything in one file",
    "",
    "- [llms-full.txt](llms-full.txt): every page above, guides and operations, as one Markdown file",
    "",
    "## The spec",
    "",
    "- [openapi.json](openapi.json): the OpenAPI 3.1 document, bundled",
    "- [openapi.yaml](openapi.yaml): the same, as YAML",
  ].join("\n")}\n`;
}

/**
 * llms-full.txt: the whole site as one Markdown file (as Scalar, Fern and Mintlify serve one): the
 * overview, each guide, the console, each operation and the changelog, each under its own address.
 */
export function llmsFullTxt(pages, guides, operationPages) {
  const byPath = new Map(pages.map((page) => [page.path, page]));
  const part = (path, markdown) => `<!-- ${path} -->\n\n${markdown.trim()}\n`;
  const parts = [
    part("index.md", byPath.get("index.html")?.markdown ?? ""),
    ...guides.map((guide) => part(guide.path.replace(/\.html$/, ".md"), byPath.get(guide.path)?.markdown ?? "")),
    part("console.md", byPath.get("console.html")?.markdown ?? ""),
    ...operationPages.map(([path, markdown]) => part(path, markdown)),
    part("changelog.md", byPath.get("changelog.html")?.markdown ?? ""),
  ];
  return `# sideconvo: the whole site\n\n${parts.join("\n---\n\n")}`;
}

/** sitemap.xml of the HTML pages, under the site's absolute URL. */
export function sitemap(siteUrl, paths) {
  const base = siteUrl.endsWith("/") ? siteUrl : `${siteUrl}/`;
  const urls = paths.map((path) => `  <url><loc>${base}${path === "index.html" ? "" : path}</loc></url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}

/** Writes every tool page into `outDir`. */
export function writeToolPages({ outDir, spec, specFile, pages, guides, siteUrl }) {
  writeFileSync(join(outDir, "openapi.json"), `${JSON.stringify(spec, null, 2)}\n`);
  // The bundler's own YAML when it sits beside the JSON (openapi/dist), else the same document as YAML.
  const yamlFile = join(dirname(specFile), "openapi.yaml");
  writeFileSync(join(outDir, "openapi.yaml"), existsSync(yamlFile) ? readFileSync(yamlFile, "utf8") : stringify(spec));
  for (const page of pages) writeFileSync(join(outDir, page.path.replace(/\.html$/, ".md")), page.markdown);
  mkdirSync(join(outDir, "reference"), { recursive: true });
  // Each operation's Markdown, written once and put in llms-full.txt as it is.
  const operationPages = operationsOf(spec).map((entry) => [
    `reference/${entry.op.operationId}.md`,
    operationMarkdown(spec, entry),
  ]);
  for (const [path, markdown] of operationPages) writeFileSync(join(outDir, path), markdown);
  writeFileSync(join(outDir, "llms.txt"), llmsTxt(spec, guides));
  writeFileSync(join(outDir, "llms-full.txt"), llmsFullTxt(pages, guides, operationPages));
  writeFileSync(join(outDir, "favicon.svg"), FAVICON_SVG);
  writeFileSync(
    join(outDir, "sitemap.xml"),
    sitemap(siteUrl, [
      "index.html",
      "reference.html",
      "console.html",
      ...guides.map((guide) => guide.path),
      "changelog.html",
    ]),
  );
}
