// The console's parts of the build: its page, its script (the sandbox engine bundled for the
// browser), and the reference's links to it and to the guides.
import { build } from "esbuild";
import { escapeHtml } from "./render.mjs";

/**
 * console.html's Markdown: what the console is, and every operation listed with its route in the
 * reference (each item's id is the operationId, the address's fragment `console.html#<id>`). The
 * console's script puts the console in place of the list.
 */
export function consolePage(operations) {
  const items = operations
    .map(
      (op) =>
        `<li id="${op.id}"><a href="reference.html#${op.route}"><code>${op.method}</code> ${escapeHtml(op.summary)}</a></li>`,
    )
    .join("\n");
  return `---
title: Try the API
description: Send any operation of the Side Conversations and Conversation Log APIs from the page, to a sandbox running in your browser tab or to a server you name, and copy the same request as curl or TypeScript.
---

# Try the API

Send any operation from this page: to a sandbox that runs in this tab (no account needed, seeded
with the spec's examples, kept until you close the tab), or to a server you name, such as
\`npx sideconvo-mock --stateful\` on your machine. Each request is also shown as curl and as
TypeScript with \`@sideconvo/client\`.

<div id="console" class="sc-console-root" data-pagefind-ignore>
<p>The console needs JavaScript. The operations, in the reference:</p>
<ul>
${items}
</ul>
</div>
`;
}

/** How the site's scripts are bundled: one classic script each, for the browsers of 2022 on. */
const BROWSER_SCRIPT = { bundle: true, format: "iife", platform: "browser", target: "es2022", logLevel: "silent" };

/** copy.js: the guides' copy buttons, one small script for the browser. */
export async function buildCopy(out) {
  await build({ ...BROWSER_SCRIPT, entryPoints: [new URL("../src/copy.js", import.meta.url).pathname], outfile: out });
}

/** console.js: console.js and the sandbox engine in one script for the browser. */
export async function buildConsole({ operations, out }) {
  await build({
    ...BROWSER_SCRIPT,
    entryPoints: [new URL("../src/console/console.js", import.meta.url).pathname],
    minify: true,
    legalComments: "none",
    define: { __OPERATIONS__: JSON.stringify(operations) },
    outfile: out,
  });
}

/**
 * The spec as the reference shows it: each operation's description starts with a "Try it" link
 * (console.html#<operationId>; on the reference page site.js opens the console over the page) and
 * links the guides whose front matter names the operation.
 */
export function linkGuides(spec, guides) {
  const copy = structuredClone(spec);
  for (const item of Object.values(copy.paths ?? {}))
    for (const op of Object.values(item)) {
      if (!op?.operationId) continue;
      const using = guides.filter((guide) => guide.operations.includes(op.operationId));
      const links = [`**[Try it](console.html#${op.operationId})** in the console`];
      if (using.length)
        links.push(
          `${using.length === 1 ? "Guide" : "Guides"}: ${using.map((guide) => `[${guide.title}](${guide.path})`).join(", ")}`,
        );
      op.description = `${links.join(" · ")}\n\n${op.description ?? ""}`;
    }
  return copy;
}
