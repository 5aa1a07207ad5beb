// The site's one search: a Pagefind index of every page (guides, landing page, changelog, console)
// and of every operation and section of the reference, written to dist/pagefind/. The reference is
// indexed from the spec, one record per operation with its route as the address, because Redoc's
// page is one document whose parts are hash routes. site.js loads pagefind/pagefind.js on the
// first search.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as pagefind from "pagefind";
import { operationRoute } from "./checks.mjs";
import { escapeHtml, plainText, slug } from "./render.mjs";
import { operationsOf } from "./tool-pages.mjs";

/** The records of the reference: its description's sections, then each operation. */
export function referenceRecords(spec) {
  const records = [];
  const sections = (spec.info?.description ?? "").split(/^## +/m).slice(1);
  for (const section of sections) {
    const [heading, ...rest] = section.split("\n");
    records.push({
      url: `reference.html#/section/${slug(heading)}`,
      title: heading.trim(),
      content: plainText(rest.join("\n")),
    });
  }
  for (const { method, path, op } of operationsOf(spec)) {
    const parameters = (op.parameters ?? []).map((p) => (p.$ref ? p.$ref.split("/").pop() : p.name));
    const samples = (op["x-codeSamples"] ?? []).map((sample) => sample.source).join("\n");
    records.push({
      url: `reference.html#${operationRoute(op)}`,
      title: op.summary ?? op.operationId,
      content: [
        `${method.toUpperCase()} ${path}`,
        op.operationId,
        plainText(op.description),
        parameters.join(" "),
        samples,
      ].join("\n"),
    });
  }
  return records;
}

/** Indexes the site into outDir/pagefind. Returns the number of records and any problems. */
export async function indexSite({ outDir, pages, spec }) {
  const problems = [];
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "en" });
  problems.push(...errors);
  if (!index) return { records: 0, problems };
  let records = 0;
  try {
    for (const page of pages) {
      const kind = page.path.startsWith("guides/") ? "Guide" : "Page";
      const html = page.html.replace(
        "<main data-pagefind-body>",
        `<main data-pagefind-body data-pagefind-meta="kind:${kind}">`,
      );
      const added = await index.addHTMLFile({ url: page.path, content: html });
      problems.push(...added.errors.map((error) => `search index, ${page.path}: ${error}`));
      records++;
    }
    for (const record of referenceRecords(spec)) {
      // Custom records keep their address as given: a route of the reference, relative to the root.
      const added = await index.addCustomRecord({
        url: record.url,
        content: record.content,
        language: "en",
        meta: { title: escapeHtml(record.title), kind: "API reference" },
      });
      problems.push(...added.errors.map((error) => `search index, ${record.url}: ${error}`));
      records++;
    }
    const written = await index.writeFiles({ outputPath: join(outDir, "pagefind") });
    problems.push(...written.errors);
  } finally {
    await pagefind.close();
  }
  // Only the search library and the index reach readers: Pagefind's ready-made UIs are not used.
  for (const file of readdirSync(join(outDir, "pagefind")))
    if (/^pagefind-(ui|modular-ui|component-ui|highlight)/.test(file))
      rmSync(join(outDir, "pagefind", file), { recursive: true, force: true });
  return { records, problems };
}
