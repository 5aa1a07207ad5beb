#!/usr/bin/env node
// Builds the static site into dist/: the landing page and guides from content/*.md, and the API
// reference (reference.html) from the bundled spec with `redocly build-docs`. Every link between
// pages is relative, so the site works from any static host and any sub-path.
//
// The build fails, listing every problem, when the spec has a $ref that resolves to nothing, an
// operation without examples or code samples, or a page links to a page or anchor that does not
// exist. Options (for tests): --spec FILE --content DIR --out DIR.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { transform } from "esbuild";
import { changelogMarkdown } from "./changelog.mjs";
import { checkLinks, checkSpec, referenceRoutes, rewriteReference, splitReferenceScript } from "./checks.mjs";
import { consoleOperations } from "./console-data.mjs";
import { buildConsole, buildCopy, consolePage, linkGuides } from "./console-page.mjs";
import { renderPage } from "./render.mjs";
import { indexSite } from "./search-index.mjs";
import { operationsOf, writeToolPages } from "./tool-pages.mjs";

const hljsVersion = JSON.parse(
  readFileSync(new URL("../node_modules/highlight.js/package.json", import.meta.url), "utf8"),
).version;

/** `css` with every selector of every rule prefixed by `scope` (the theme has no @-rules). */
function scope(css, prefix) {
  return css.replace(/\/\*[\s\S]*?\*\//g, "").replace(
    /([^{}]+)\{/g,
    (_, selectors) =>
      `${selectors
        .split(",")
        .map((s) => `${prefix} ${s.trim()}`)
        .join(",\n")} {`,
  );
}

const appDir = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    spec: { type: "string", default: join(appDir, "../../openapi/dist/openapi.json") },
    content: { type: "string", default: join(appDir, "content") },
    out: { type: "string", default: join(appDir, "dist") },
    // Where the site is published: the sitemap's addresses must be absolute.
    // The repository whose .changeset/ and CHANGELOG.md files make the changelog page.
    repo: { type: "string", default: join(appDir, "../..") },
    "site-url": { type: "string", default: process.env.DOCS_SITE_URL ?? "https://sideconvo.github.io/sideconvo/" },
  },
});
const specFile = resolve(values.spec);
const contentDir = resolve(values.content);
const outDir = resolve(values.out);

function fail(problems) {
  console.error(`[docs] the build failed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  process.exit(1);
}

if (!existsSync(specFile)) fail([`no spec at ${specFile}: run \`turbo run bundle\` first`]);
const spec = JSON.parse(readFileSync(specFile, "utf8"));
const specProblems = checkSpec(spec);
if (specProblems.length > 0) fail(specProblems);

// Pages: content/index.md → index.html, content/guides/x.md → guides/x.html.
const sources = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".md")) sources.push(path);
  }
})(contentDir);
const renderProblems = [];
const pages = sources.flatMap((source) => {
  const name = relative(contentDir, source).split("\\").join("/");
  const path = name.replace(/\.md$/, ".html");
  try {
    return [{ path, ...renderPage(readFileSync(source, "utf8"), path) }];
  } catch (error) {
    renderProblems.push(`${name}: ${error.message}`);
    return [];
  }
});
// The changelog page, made from the repository's changesets and changelogs.
try {
  pages.push({ path: "changelog.html", ...renderPage(changelogMarkdown(resolve(values.repo)), "changelog.html") });
} catch (error) {
  renderProblems.push(`changelog: ${error.message}`);
}
// The console's page: the operations listed (what a reader without scripts gets), the console on top.
const operations = consoleOperations(spec);
pages.push({
  path: "console.html",
  ...renderPage(consolePage(operations), "console.html", { scripts: ["console.js"] }),
});
if (renderProblems.length > 0) fail(renderProblems);
const guides = pages.filter((page) => page.path.startsWith("guides/")).sort((a, b) => a.order - b.order);
// The reference's description: the spec's own summary.
const site = {
  pages,
  guides,
  description: spec.info?.summary ?? spec.info?.title ?? "",
  operations: new Map(operations.map((operation) => [operation.id, operation])),
};
for (const page of pages) {
  try {
    page.html = page.layout(site);
  } catch (error) {
    renderProblems.push(error.message);
  }
}
if (renderProblems.length > 0) fail(renderProblems);

const operationIds = operationsOf(spec).map(({ op }) => op.operationId);
const routes = referenceRoutes(spec);
const TOOL_FILES = ["openapi.json", "openapi.yaml", "llms.txt", "llms-full.txt", "sitemap.xml", "favicon.svg"];
const SCRIPTS = ["copy.js", "site.js", "console.js"];
const linkProblems = checkLinks(pages, {
  referenceRoutes: routes,
  assets: ["site.css", ...SCRIPTS, "reference.html", "reference.js", ...TOOL_FILES],
});
if (linkProblems.length > 0) fail(linkProblems);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, "guides"), { recursive: true });
for (const page of pages) {
  mkdirSync(dirname(join(outDir, page.path)), { recursive: true });
  writeFileSync(join(outDir, page.path), page.html);
}
// site.css: the site's own rules, then highlight.js's GitHub theme with every selector scoped to
// body.site, so that it colours the guides' code and never Redoc's.
// site.js runs on every page, the reference included: minified (its source stays readable in src/).
writeFileSync(
  join(outDir, "site.js"),
  (await transform(readFileSync(join(appDir, "src/site.js"), "utf8"), { minify: true, target: "es2022" })).code,
);
await buildCopy(join(outDir, "copy.js"));
await buildConsole({ operations, out: join(outDir, "console.js") });
// The themes' colours only: their block layout (`pre code.hljs`, `code.hljs`: padding, scrolling)
// is dropped, since site.css lays out the <pre>, which is what scrolls and takes the focus.
const colours = (css) => css.replace(/^(pre )?code\.hljs \{[^}]*\}\n/gm, "");
const theme = colours(readFileSync(join(appDir, "node_modules/highlight.js/styles/github.css"), "utf8"));
const darkTheme = colours(readFileSync(join(appDir, "node_modules/highlight.js/styles/github-dark.css"), "utf8"));
writeFileSync(
  join(outDir, "site.css"),
  `${readFileSync(join(appDir, "src/site.css"), "utf8")}\n/* highlight.js ${hljsVersion} GitHub themes (BSD-3-Clause), scoped to body.site: light, and dark when the reader or the system asks */\n${scope(theme, "body.site")}\n${scope(darkTheme, ":root.dark body.site")}\n@media (prefers-color-scheme: dark) {\n${scope(darkTheme, ":root:not(.light) body.site")}\n}\n`,
);

// The reference: Redoc 3, inlined (no CDN script), telemetry off through apps/docs/redocly.yaml.
const redocly = join(appDir, "node_modules/.bin/redocly");
const reference = join(outDir, "reference.html");
// Redoc reads a copy of the spec whose operation descriptions start with a "Try it" link and the
// guides that use the operation; openapi.json and openapi.yaml stay the spec as it is.
const linkedSpec = join(outDir, ".reference-spec.json");
writeFileSync(linkedSpec, JSON.stringify(linkGuides(spec, guides)));
const built = spawnSync(redocly, ["build-docs", linkedSpec, "--output", reference, "--inlineBundle"], {
  cwd: appDir,
  encoding: "utf8",
  env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
});
rmSync(linkedSpec, { force: true });
if (built.status !== 0) fail([`redocly build-docs exited with ${built.status}:\n${built.stderr || built.stdout}`]);
const { html, problems } = rewriteReference(readFileSync(reference, "utf8"), site, routes);
if (problems.length > 0) fail(problems);
// The reference's own links are checked as the guides' are: a route Redoc does not have, or a
// link that would leave a sub-path, fails the build.
const referencePage = {
  path: "reference.html",
  html,
  ids: new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])),
};
const referenceProblems = checkLinks([referencePage, ...pages], {
  referenceRoutes: routes,
  assets: ["site.css", ...SCRIPTS, ...TOOL_FILES],
  only: [referencePage],
});
if (referenceProblems.length > 0) fail(referenceProblems);
const split = splitReferenceScript(html);
if (!split.script) fail(["reference.html has no inline module script (Redoc's) to move into reference.js"]);
writeFileSync(join(outDir, "reference.js"), split.script);
writeFileSync(reference, split.html);
writeToolPages({ outDir, spec, specFile, pages, guides, siteUrl: values["site-url"] });
// The host's page for an address it does not have (GitHub Pages serves 404.html for any of them,
// at whatever depth): its links are relative to the site's root, named by <base>. Not in the
// search, the sitemap or llms.txt.
const notFound = renderPage(
  `---
title: Page not found
description: This address is not a page of the sideconvo docs.
---

# Page not found

This address is not a page of the sideconvo docs. Try the [overview](index.html), the
[API reference](reference.html), or the search box above: it finds every guide, operation,
parameter and field.
`,
  "404.html",
);
writeFileSync(
  join(outDir, "404.html"),
  notFound.layout(site).replace("<head>\n", `<head>\n<base href="${new URL(values["site-url"]).pathname}">\n`),
);
// Search: every page and every operation, in pagefind/ (loaded by site.js on the first search).
const indexed = await indexSite({ outDir, pages, spec });
if (indexed.problems.length > 0) fail(indexed.problems);

console.log(
  `[docs] ${posix.join(relative(process.cwd(), outDir) || ".")}: index.html, reference.html (${operationIds.length} operations), console.html, ${guides.length} guides, search over ${indexed.records} records`,
);
