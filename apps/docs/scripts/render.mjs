// One Markdown page to HTML: front matter (title, nav, order), headings with ids for anchors, and
// the site's layout with relative links (a page in guides/ reaches the root through "../").
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import shell from "highlight.js/lib/languages/shell";
import typescript from "highlight.js/lib/languages/typescript";
import yaml from "highlight.js/lib/languages/yaml";
import { Marked } from "marked";

// Code blocks are highlighted here, at build time: the reader gets coloured <span>s and a few CSS
// rules (highlight.js's GitHub theme, scoped in build.mjs), no script.
for (const [name, language] of Object.entries({ bash, javascript, json, shell, typescript, yaml }))
  hljs.registerLanguage(name, language);
const LANGUAGES = {
  ts: "typescript",
  typescript: "typescript",
  js: "javascript",
  javascript: "javascript",
  sh: "bash",
  shell: "bash",
  bash: "bash",
  json: "json",
  console: "shell",
  yaml: "yaml",
  yml: "yaml",
};

/** A fenced block as highlighted HTML; a language not listed above is an error, not plain text. */
export function highlight(code, lang) {
  const language = LANGUAGES[lang];
  if (!language)
    throw new Error(`a code block in "${lang || "no language"}": mark it ${Object.keys(LANGUAGES).join(", ")}`);
  // Focusable, so that a block wider than the page can be scrolled with the keyboard.
  return `<pre tabindex="0"><code class="hljs language-${lang}">${hljs.highlight(code, { language, ignoreIllegals: true }).value}</code></pre>\n`;
}

// Before the first paint, the reader's choice of light or dark (Redoc's toggle and the site's keep it
// in the same place), so that a page never flashes in the other one. Without a choice, the system's.
export const THEME =
  '<script>try{var m=localStorage.getItem("redoc.colorMode");if(m==="light"||m==="dark")document.documentElement.classList.add(m)}catch(e){}</script>';

// The site's icon (favicon.svg, written by the build): named on every page, so that browsers do not
// ask the server's root for /favicon.ico, outside a sub-path.
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2457c5"/>' +
  '<path d="M9 10h14v9H15l-5 4v-4H9z" fill="#fff"/><path d="M19 21h4l3 3v-3" fill="none" stroke="#fff" stroke-width="2"/></svg>\n';
export const favicon = (root = "") => `<link rel="icon" href="${root}favicon.svg" type="image/svg+xml">`;

/** The way from a page back to the site's root: "" for index.html, "../" for guides/x.html. */
const rootOf = (path) => "../".repeat(path.split("/").length - 1);

export function slug(text) {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .trim()
    .replace(/\s+/g, "-");
}

export const escapeHtml = (text) =>
  String(text).replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char]);

function frontMatter(source) {
  const match = source.match(/^---\n([\s\S]*?)\n---\n/);
  if (!match) throw new Error("no front matter (---\\ntitle: …\\n---)");
  const fields = Object.fromEntries(
    match[1].split("\n").map((line) => {
      const at = line.indexOf(":");
      return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
    }),
  );
  if (!fields.title) throw new Error("the front matter has no title");
  return { fields, body: source.slice(match[0].length) };
}

/** Markdown as the words a reader sees: links by their text, no emphasis or code marks, one space. */
export const plainText = (markdown) =>
  String(markdown ?? "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/[`*]/g, "")
    // Emphasis underscores go; those inside a name (`side_conversation_id`) stay, so search finds it.
    .replace(/(^|\W)_+(?=\w)|(?<=\w)_+(?=\W|$)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();

/**
 * A page's description for search engines and link previews: its front matter's `description`, or
 * its first paragraph as plain text, cut at a word before 160 characters.
 */
export function describePage(fields, body) {
  if (fields.description) return fields.description;
  const paragraph =
    body
      .split(/\n\s*\n/)
      .map((block) => block.trim())
      .find((block) => block && !/^(#|```|\||-|\d+\.|<)/.test(block)) ?? fields.title;
  const text = plainText(paragraph);
  return text.length <= 160 ? text : `${text.slice(0, text.lastIndexOf(" ", 157))}…`;
}

/** Renders one page; `layout(site)` wraps it once every page (and so the navigation) is known. */
export function renderPage(source, path, { scripts = [] } = {}) {
  const { fields, body } = frontMatter(source);
  // The operations a guide uses (front matter `operations: listSideConversations, …`): linked under
  // its title, and each operation's description in the reference links back to the guide.
  const operations = (fields.operations ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  const description = describePage(fields, body);
  const ids = new Set();
  const sections = [];
  const marked = new Marked({
    gfm: true,
    renderer: {
      code({ text, lang }) {
        return highlight(text, (lang ?? "").trim().split(/\s+/)[0]);
      },
      heading({ tokens, depth }) {
        const text = this.parser.parseInline(tokens);
        let id = slug(text);
        for (let n = 2; ids.has(id); n++) id = `${slug(text)}-${n}`;
        ids.add(id);
        if (depth === 2) sections.push({ id, text });
        return `<h${depth} id="${id}">${text}</h${depth}>\n`;
      },
    },
  });
  // A table wider than a phone scrolls sideways (site.css): focusable, so the keyboard can scroll it.
  const parsed = marked.parse(body).replaceAll("<table>", '<table tabindex="0">');
  // A guide's table of contents, after its title: its sections (h2), when it has three or more.
  const toc =
    path.startsWith("guides/") && sections.length >= 3
      ? `<nav class="toc" aria-label="On this page" data-pagefind-ignore><p>On this page</p><ul>${sections
          .map((section) => `<li><a href="#${section.id}">${section.text}</a></li>`)
          .join("")}</ul></nav>\n`
      : "";
  const root = rootOf(path);
  const uses = (site) => {
    if (!operations.length) return "";
    const links = operations.map((id) => {
      const operation = site.operations?.get(id);
      if (!operation)
        throw new Error(`${path}: the front matter names the operation "${id}", which the spec does not have`);
      return `<a href="${root}reference.html#${operation.route}">${escapeHtml(operation.summary)}</a>`;
    });
    return `<p class="uses" data-pagefind-ignore>Operations in this guide: ${links.join(" · ")}</p>\n`;
  };
  return {
    title: fields.title,
    description,
    // The Markdown twin served beside the page (guides/x.md): the source without its front matter.
    markdown: body,
    nav: fields.nav ?? fields.title,
    order: Number(fields.order ?? 0),
    ids,
    operations,
    layout: (site) => {
      const head = `${toc}${uses(site)}`;
      const content = head ? parsed.replace(/(<\/h1>\n)/, `$1${head}`) : parsed;
      return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(fields.title)}${path === "index.html" ? "" : " · sideconvo"}</title>
<meta name="description" content="${escapeHtml(description)}">
<link rel="stylesheet" href="${root}site.css">
${favicon(root)}
${THEME}
<script src="${root}copy.js" defer></script>
<script src="${root}site.js" defer></script>
${scripts.map((script) => `<script src="${root}${script}" defer></script>`).join("\n")}
</head>
<body class="site">
${navigation(site, path)}
<main data-pagefind-body>
${content}</main>
</body>
</html>
`;
    },
  };
}

/** The bar at the top of every page, the reference included. `current` is the page's own path. */
export function navigation(site, current) {
  const root = rootOf(current);
  const link = (href, label, className = "") =>
    `<a href="${root}${href}"${className ? ` class="${className}"` : ""}${href === current ? ' aria-current="page"' : ""}>${escapeHtml(label)}</a>`;
  // The search box answers with site.js (Pagefind's index of every page); without the script it is
  // a plain form that goes nowhere, so it is hidden until the script shows it.
  const search = `<form class="site-search" role="search" hidden><input type="search" name="q" placeholder="Search" aria-label="Search the docs" autocomplete="off"></form>`;
  // The links in one group: a row on a wide screen; on a narrow one site.js folds them behind a
  // Menu button (without the script the row scrolls sideways, as before).
  const links = [
    link("reference.html", "API reference"),
    link("console.html", "Try it"),
    ...site.guides.map((guide) => link(guide.path, guide.nav)),
    link("openapi.yaml", "openapi.yaml", "download"),
  ].join("");
  return `<nav class="site-nav" aria-label="Site">${link("index.html", "sideconvo", "brand")}${search}<div class="site-links" id="site-links">${links}</div></nav>`;
}
