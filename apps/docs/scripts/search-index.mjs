// The site's one search: a Pagefind index of every page (guides, landing page, changelog, console)
// and of every operation, section, parameter and field of the reference, written to dist/pagefind/.
// The reference is indexed from the spec, one record per operation with its route as the address,
// because Redoc's page is one document whose parts are hash routes. site.js loads pagefind/pagefind.js on the
// first search.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as pagefind from "pagefind";
import { operationRoute } from "./checks.mjs";
import { escapeHtml, plainText, slug } from "./render.mjs";
import { deref, operationsOf } from "./tool-pages.mjs";

/**
 * Every field of a schema, at any depth, as `[path, schema]`: `message.to[].msteams_channel_id`.
 * Follows $refs, array items, allOf/oneOf/anyOf branches and additionalProperties; a schema met
 * again on the same path (a recursive one) is not walked twice.
 */
export function fieldsOf(spec, schema, prefix = "", seen = new Set()) {
  const node = deref(spec, schema);
  if (!node || typeof node !== "object" || seen.has(node)) return [];
  const inner = new Set(seen).add(node);
  const fields = [];
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    fields.push([path, deref(spec, property)], ...fieldsOf(spec, property, path, inner));
  }
  if (node.items) fields.push(...fieldsOf(spec, node.items, `${prefix}[]`, inner));
  for (const key of ["allOf", "oneOf", "anyOf"])
    for (const branch of node[key] ?? []) fields.push(...fieldsOf(spec, branch, prefix, inner));
  if (node.additionalProperties && typeof node.additionalProperties === "object")
    fields.push(...fieldsOf(spec, node.additionalProperties, `${prefix}.*`, inner));
  return fields;
}

/** The schemas of an operation's request body and answers, each with where it is. */
function schemasOf(spec, op) {
  const found = [];
  for (const media of Object.values(deref(spec, op.requestBody)?.content ?? {}))
    if (media.schema) found.push(["request body", media.schema]);
  for (const [status, answer] of Object.entries(op.responses ?? {}))
    for (const media of Object.values(deref(spec, answer)?.content ?? {}))
      if (media.schema && /^2/.test(status)) found.push([`${status} answer`, media.schema]);
  return found;
}

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
  // A field or parameter name is one record, leading to the first operation that has it, and
  // naming every operation it is in: a reader who types `msteams_channel_id` finds the field itself.
  const names = new Map();
  const named = (name, kind, where, text, url, sent) => {
    const entry = names.get(name) ?? { kind, url, sent, where: [], text: new Set() };
    // A field leads to the first operation that takes it in a request, else the first that answers it.
    if (sent && !entry.sent) Object.assign(entry, { url, sent });
    entry.where.push(where);
    if (text) entry.text.add(text);
    names.set(name, entry);
  };
  for (const { method, path, op } of operationsOf(spec)) {
    const url = `reference.html#${operationRoute(op)}`;
    const title = op.summary ?? op.operationId;
    const parameters = (op.parameters ?? []).map((p) => deref(spec, p)).filter(Boolean);
    for (const p of parameters)
      named(p.name, "Parameter", `${title} (${p.in})`, plainText(p.description ?? ""), url, true);
    const fields = [];
    for (const [where, schema] of schemasOf(spec, op))
      for (const [field, node] of fieldsOf(spec, schema)) {
        const name = field
          .split(/[.[\]]+/)
          .filter((part) => part && part !== "*")
          .pop();
        if (!name) continue;
        fields.push(field);
        named(
          name,
          "Field",
          `${title}, ${where}: ${field}`,
          plainText(node?.description ?? ""),
          url,
          where === "request body",
        );
      }
    const samples = (op["x-codeSamples"] ?? []).map((sample) => sample.source).join("\n");
    records.push({
      url,
      title,
      content: [
        `${method.toUpperCase()} ${path}`,
        op.operationId,
        plainText(op.description),
        parameters.map((p) => p.name).join(" "),
        [...new Set(fields)].join(" "),
        samples,
      ].join("\n"),
    });
  }
  for (const [name, { kind, url, where, text }] of names)
    records.push({
      // Pagefind keeps one record an address: the query string (which the page ignores) keeps the
      // field's record apart from its operation's, and the hash still opens the operation.
      url: url.replace("#", `?${kind.toLowerCase()}=${encodeURIComponent(name)}#`),
      title: name,
      kind,
      content: [name, ...text, "In:", ...[...new Set(where)]].join("\n"),
    });
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
        meta: { title: escapeHtml(record.title), kind: record.kind ?? "API reference" },
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
