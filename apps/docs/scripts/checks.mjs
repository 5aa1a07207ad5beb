// The build's checks. Each returns a list of problems, one sentence each, naming the place.
import { posix } from "node:path";
import { escapeSegment, at as valueAt } from "@sideconvo/openapi/pointer";
import { favicon, navigation, slug } from "./render.mjs";

/** What a local `#/…` JSON pointer points to in `spec`, or undefined. */
export const lookup = (spec, ref) => valueAt(spec, decodeURIComponent(ref));

/** $refs that resolve to nothing, and operations without examples or code samples. */
export function checkSpec(spec) {
  const problems = [];
  (function walk(node, at) {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) walk(item, `${at}/${i}`);
    } else if (node && typeof node === "object") {
      if (typeof node.$ref === "string") {
        if (!node.$ref.startsWith("#/")) problems.push(`${at}: $ref "${node.$ref}" points outside the bundle`);
        else if (lookup(spec, node.$ref) === undefined) problems.push(`${at}: $ref "${node.$ref}" resolves to nothing`);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${at}/${escapeSegment(key)}`);
    }
  })(spec, "#");

  const resolve = (node) => (node?.$ref ? lookup(spec, node.$ref) : node);
  const hasExample = (media) => media && (media.example !== undefined || Object.keys(media.examples ?? {}).length > 0);
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!op?.operationId) continue;
      const name = `${op.operationId} (${method.toUpperCase()} ${path})`;
      const body = resolve(op.requestBody)?.content ?? {};
      for (const [type, media] of Object.entries(body))
        if (type.includes("json") && !hasExample(media))
          problems.push(`${name}: the ${type} request body has no example`);
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(resolve(response)?.content ?? {}))
          if (type.includes("json") && !hasExample(resolve(media)))
            problems.push(`${name}: the ${status} ${type} response has no example`);
      }
      const langs = (op["x-codeSamples"] ?? []).filter((sample) => sample.source?.trim()).map((sample) => sample.lang);
      for (const lang of ["TypeScript", "Shell"])
        if (!langs.includes(lang)) problems.push(`${name}: no ${lang} sample in x-codeSamples`);
    }
  }
  return problems;
}

/**
 * The routes of Redoc 3's reference (hash routing, so the page works from any sub-path), each with
 * the heading it shows: `#/` the API's title, `#/section/<slug>` a "## " section of the
 * description, `#/<tag>` a tag, `#/<tag>/<operationid>` an operation's summary; lower-case, dashes
 * for spaces.
 */
const tagSlug = (name) => name.toLowerCase().replace(/\s+/g, "-");

/** An operation's route in the reference, as Redoc 3 writes it: `/<tag>/<operationid>`. */
export const operationRoute = (op) => `/${tagSlug(op.tags?.[0] ?? "")}/${op.operationId.toLowerCase()}`;

export function referenceRoutes(spec) {
  const routes = new Map([["/", spec.info?.title ?? ""]]);
  for (const [, heading] of (spec.info?.description ?? "").matchAll(/^## +(.+)$/gm))
    routes.set(`/section/${slug(heading)}`, heading.trim());
  for (const tag of spec.tags ?? []) routes.set(`/${tagSlug(tag.name)}`, tag.name);
  for (const item of Object.values(spec.paths ?? {}))
    for (const op of Object.values(item))
      if (op?.operationId && op.tags?.[0]) routes.set(operationRoute(op), op.summary);
  return routes;
}

const SCRIPT = /<script\b[^>]*>[\s\S]*?<\/script>/gi;

/** The HTML of a page without its scripts: the attributes a reader's browser follows. */
export const markup = (html) => html.replace(SCRIPT, "");

/**
 * Links of the generated pages, the reference included: relative targets must exist, anchors and
 * reference routes too; nothing may be root-absolute (it would leave a sub-path) or loaded from
 * elsewhere.
 */
export function checkLinks(pages, { referenceRoutes, assets, only = pages }) {
  const problems = [];
  const byPath = new Map(pages.map((page) => [page.path, page]));
  for (const page of only) {
    for (const [, attribute, target] of markup(page.html).matchAll(/\s(href|src)="([^"]*)"/g)) {
      const where = `${page.path}: ${attribute}="${target}"`;
      if (target.startsWith("data:")) continue; // inline, loads nothing
      if (target.startsWith("/") && !target.startsWith("//")) {
        problems.push(`${where} is root-absolute: under a sub-path (as /sideconvo/) it leads out of the site`);
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) {
        if (attribute !== "href" || !/^(https?|mailto):/i.test(target))
          problems.push(`${where} loads from another origin; the site must work offline`);
        continue;
      }
      const [file, fragment] = target.split("#");
      const resolved = file === "" ? page.path : posix.normalize(posix.join(posix.dirname(page.path), file));
      if (resolved.startsWith("..")) {
        problems.push(`${where} leaves the site`);
        continue;
      }
      if (resolved === page.path && page.path === "reference.html" && fragment !== undefined) {
        // `#/…` is a route of Redoc's; any other fragment names an element (an SVG <use>).
        if (fragment.startsWith("/") ? !referenceRoutes.has(fragment) : !page.ids.has(fragment))
          problems.push(
            `${where}: the reference has no ${fragment.startsWith("/") ? "route" : "element"} #${fragment}`,
          );
        continue;
      }
      const linked = byPath.get(resolved);
      if (!linked && !assets.includes(resolved)) {
        problems.push(`${where} links to ${resolved}, which the site does not have`);
        continue;
      }
      if (fragment === undefined || fragment === "") continue;
      if (linked && !linked.ids.has(fragment)) problems.push(`${where}: ${resolved} has no heading #${fragment}`);
      if (resolved === "reference.html" && !referenceRoutes.has(fragment))
        problems.push(
          `${where}: the reference has no route #${fragment} (it has ${[...referenceRoutes.keys()].slice(0, 3).join(", ")}, …)`,
        );
    }
  }
  return problems;
}

// Redoc's sidebar footer shows the Redocly logo from Redocly's CDN; the site loads nothing from
// elsewhere, so the logo becomes an inline SVG with the same words. A Redoc that names any other
// CDN address fails the build here, before a browser would find it.
const LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#808080">Redocly</text></svg>',
)}`;

/**
 * Redoc prerenders its sidebar's links root-absolute (`href="/side-conversations"`), for a site
 * served from the root with path routing. The page routes by hash (`#/side-conversations`), and a
 * root-absolute link opened in a new tab, before the script runs, or under a sub-path is a 404:
 * each becomes its hash route. Only the markup changes; Redoc's script text is left alone.
 */
export function hashRoutes(html) {
  return html.replace(
    new RegExp(`(${SCRIPT.source})|(\\shref=")\\/(?!\\/)([^"]*)"`, "gi"),
    (_whole, script, attr, path) => (script ? script : `${attr}#/${path}"`),
  );
}

/**
 * Redoc's theme variables set again after its own, each one step more specific than Redoc's: the
 * colours that miss 4.5:1 (search placeholder, links, method tags, code-sample tokens; light on
 * :root, dark on :root.dark), a route hidden until Redoc shows it (REDOC_LOADER), and the title
 * on a phone.
 */
export const REDOC_THEME =
  ":root:root{--search-trigger-color:#6b6c76;--link-color-primary:#1a5fd0}" +
  ":root:root.dark{--search-trigger-color:#a9aab4;--link-color-primary:#8ab0ff}" +
  // The method tags of its operation lists (GET, POST, PUT), light mode; dark passes as it is.
  ":root:root .tag-get{--tag-color:#12703f}:root:root .tag-post{--tag-color:#1a52c4}" +
  ":root:root .tag-put{--tag-color:#9a4f00}:root:root .tag-patch{--tag-color:#7a5a00}" +
  ":root:root .tag-delete{--tag-color:#b0082f}" +
  ":root:root.dark .tag-get{--tag-color:#68cc97}:root:root.dark .tag-post{--tag-color:#8ab0ff}" +
  ":root:root.dark .tag-put{--tag-color:#ffb169}:root:root.dark .tag-patch{--tag-color:#f5d36b}" +
  ":root:root.dark .tag-delete{--tag-color:#ff8fa9}" +
  // The code samples' token colours, light mode (dark passes as it is).
  ":root:root:not(.dark){--code-block-tokens-string-color:#2558b8;--code-block-tokens-property-string-color:#2558b8;" +
  "--code-block-tokens-link-color:#2558b8;--code-block-tokens-function-color:#934c1a;" +
  "--code-block-tokens-operator-color:#934c1a;--code-block-tokens-regex-color:#934c1a;" +
  "--code-block-tokens-class-name-color:#934c1a;--code-block-tokens-keyword-color:#b6006a;" +
  "--code-block-tokens-boolean-color:#136a4d;--code-block-tokens-comment-color:#6b6c76}" +
  ":root:root.dark{--code-block-tokens-keyword-color:#fe99c3}" +
  ".sc-routing #redoc{visibility:hidden}" +
  // The title on a phone: smaller, and broken between words, never inside one ("Conversati-ons").
  "@media (max-width:600px){:root:root #redoc h1{font-size:1.75rem;overflow-wrap:break-word;word-break:normal}}";

/**
 * When Redoc's script runs. The page paints Redoc's prerendered overview and sidebar without it; a
 * link to a route (`reference.html#/…`) needs it at once; otherwise it loads on the reader's first
 * sign of use (a scroll, a tap, a key, the pointer, the focus, a route change), so that a phone
 * shows the page before it spends seconds compiling and hydrating 2.4 MB of script.
 */
export const REDOC_LOADER = `(() => {
  let loaded = false;
  let pending = null;
  const events = ["scroll", "wheel", "touchstart", "pointerdown", "pointermove", "keydown", "focusin", "hashchange"];
  // Redoc has taken the page over once its search box no longer says "Loading...".
  const running = () => {
    const search = document.querySelector('[data-testid="search-trigger"]');
    return Boolean(search) && !/Loading/.test(search.textContent);
  };
  // A tap on one of Redoc's own controls (its search box) before it ran is done again once it has
  // (a link needs nothing: the route it set is read when Redoc starts).
  addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest("#redoc") && !target.closest("a[href]") && !running()) pending = target;
  }, true);
  const load = () => {
    if (loaded) return;
    loaded = true;
    for (const name of events) removeEventListener(name, load, true);
    const script = document.createElement("script");
    script.type = "module";
    script.src = "reference.js";
    // Should Redoc not come, the prerendered page is shown rather than nothing.
    const show = () => document.documentElement.classList.remove("sc-routing");
    setTimeout(show, 8000);
    document.body.append(script);
    // The route is shown once Redoc has drawn it: its changes to the page quiet for 100 ms. Shown at
    // its first change instead, the page jumps as Redoc fills it in (Lighthouse: layout shift 0.95).
    let settle;
    const drawn = new MutationObserver(() => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        drawn.disconnect();
        show();
      }, 100);
    });
    script.onload = () => drawn.observe(document.getElementById("redoc") ?? document.body, { childList: true, subtree: true });
    const wait = setInterval(() => {
      if (!running()) return;
      clearInterval(wait);
      show();
      if (pending?.isConnected) pending.click();
      pending = null;
    }, 50);
    script.onerror = () => {
      clearInterval(wait);
      show();
    };
  };
  // A link to a route (marked in the head) shows Redoc's page for it, never the overview first.
  if (document.documentElement.classList.contains("sc-routing")) load();
  else for (const name of events) addEventListener(name, load, { capture: true, passive: true });
})();`;

/**
 * Redoc's script out of the page, into its own file: the browser then streams and compiles it off
 * the main thread while the page's prerendered markup paints (inline, the 2.4 MB were part of the
 * HTML the first paint waited for, and compiled on the main thread). Returns the page and script.
 */
export function splitReferenceScript(html) {
  const open = '<script type="module">';
  const start = html.lastIndexOf(open);
  const end = start < 0 ? -1 : html.indexOf("</script>", start);
  if (start < 0 || end < 0) return { html, script: undefined };
  return {
    html: `${html.slice(0, start)}<script>${REDOC_LOADER}</script>${html.slice(end + "</script>".length)}`,
    script: html.slice(start + open.length, end),
  };
}

/** The built Redoc page with the site's navigation on top and no address of another origin to load. */
export function rewriteReference(html, site, routes = new Map()) {
  const problems = [];
  let out = hashRoutes(html).replace(/https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g, LOGO);
  for (const [address] of out.matchAll(/https?:\/\/cdn\.redoc\.ly[^\s"'`)]*/gi))
    problems.push(`reference.html still names ${address}; make the page load it from nowhere`);
  for (const [tag] of out.matchAll(/<(script|link|img)\b[^>]*\s(src|href)="(https?:)?\/\/[^"]*"[^>]*>/gi))
    problems.push(`reference.html loads from another origin: ${tag}`);
  if (!out.includes("<body>")) problems.push("reference.html has no <body> to put the navigation in");
  // Each route's title, for site.js to name the tab after the operation on the screen.
  const titles = JSON.stringify(Object.fromEntries(routes)).replace(/</g, "\\u003c");
  // A link to a route is known here, before the first paint: the page is marked (REDOC_THEME hides
  // the prerendered overview under it, REDOC_LOADER loads Redoc at once), and Redoc's script is
  // fetched and compiled while the page parses.
  const preload =
    '<script>if(location.hash.length>1){document.documentElement.classList.add("sc-routing");var l=document.createElement("link");l.rel="modulepreload";l.href="reference.js";document.head.appendChild(l)}</script>';
  const style = `<link rel="stylesheet" href="site.css">\n<style>${REDOC_THEME}</style>\n${preload}\n<script type="application/json" id="sc-routes">${titles}</script>`;
  const summary = String(site.description ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  out = out
    .replace(/<meta name="description"[^>]*>\s*/g, "")
    .replace("</head>", `<meta name="description" content="${summary}">\n${style}\n${favicon()}\n</head>`)
    // site.js right after the bar, not deferred: the search box answers while the rest of the
    // 2.6 MB page is still parsing, long before Redoc's module script runs at its end.
    .replace("<body>", `<body>\n${navigation(site, "reference.html")}\n<script src="site.js"></script>`);
  return { html: out, problems };
}
