#!/usr/bin/env node
// The built site's weight, and how long Chromium takes until the first operation of the reference
// is visible, against the landing page's time to its heading on the same server (the baseline).
// Medians of ROUNDS cold loads, each in a fresh browser context. Writes its section of BENCHMARKS.md.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import sirv from "sirv";
import { fmt, machine, median, writeSection } from "../../../scripts/bench/report.mjs";
import { launchChromium } from "../scripts/chromium.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const dist = fileURLToPath(new URL("../dist", import.meta.url));
const files = [];
(function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else files.push(path);
  }
})(dist);
const weight = (path) => ({ raw: statSync(path).size, gzip: gzipSync(readFileSync(path), { level: 9 }).length });

const handler = sirv(dist, { dev: false });
const server = createServer((request, response) => handler(request, response, () => response.writeHead(404).end()));
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();

async function timeTo(url, selector) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.locator(selector).first().waitFor({ state: "visible" });
  const ms = performance.now() - started;
  // Bytes of the page and what it loaded (served uncompressed by this loopback server).
  const bytes = await page.evaluate(() =>
    [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")].reduce(
      (sum, entry) => sum + (entry.encodedBodySize || 0),
      0,
    ),
  );
  await context.close();
  return { ms, bytes };
}

/**
 * How long until the site's search box answers a query typed as soon as it shows; on the
 * reference, also how long until Redoc's own search is ready (its box stops saying "Loading...").
 */
async function searchOn(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = performance.now();
  await page.goto(`${base}${path}`, { waitUntil: "commit" });
  const redocReady =
    path === "reference.html"
      ? page
          .waitForFunction(
            () => {
              const trigger = document.querySelector('[data-testid="search-trigger"]');
              return trigger && !/Loading/.test(trigger.textContent ?? "");
            },
            null,
            { timeout: 60_000, polling: 20 },
          )
          .then(() => performance.now() - started)
      : Promise.resolve(Number.NaN);
  await page.locator(".site-search input").waitFor({ state: "visible" });
  await page.locator(".site-search input").fill("checkpoint");
  await page.locator(".site-search-results a").first().waitFor();
  const ours = performance.now() - started;
  const redoc = await redocReady;
  await context.close();
  return { ours, redoc };
}

const landing = [];
const reference = [];
const consolePage = [];
const search = [];
const guideSearch = [];
for (let round = 0; round < ROUNDS; round++) {
  landing.push(await timeTo(`${base}index.html`, "main h1"));
  reference.push(
    await timeTo(
      `${base}reference.html#/side-conversations/listsideconversations`,
      'h2:text-is("List side conversations")',
    ),
  );
  consolePage.push(await timeTo(`${base}console.html#createSideConversation`, ".sc-console .sc-send"));
  search.push(await searchOn("reference.html"));
  guideSearch.push(await searchOn("guides/cli.html"));
}
await browser.close();
server.close();

const landingMs = median(landing.map((run) => run.ms));
const referenceMs = median(reference.map((run) => run.ms));
const consoleMs = median(consolePage.map((run) => run.ms));
const searchMs = median(search.map((run) => run.ours));
const redocSearchMs = median(search.map((run) => run.redoc));
const guideSearchMs = median(guideSearch.map((run) => run.ours));
const rows = files
  .map((path) => [path.slice(dist.length + 1), weight(path)])
  .sort((a, b) => b[1].raw - a[1].raw)
  .map(([name, { raw, gzip }]) => `| \`${name}\` | ${fmt(raw)} B | ${fmt(gzip)} B |`);
const total = files.reduce((sum, path) => sum + statSync(path).size, 0);

writeSection(
  "docs",
  `## Docs site: page weight and time to the first operation

Command: \`pnpm --filter @sideconvo/docs bench\` (after \`turbo run build\`). Machine: ${machine()}, Chromium at
\`/usr/bin/chromium\`, pages from a loopback server, ${ROUNDS} cold loads each (fresh context), medians.

| page load (median of ${ROUNDS}) | time | bytes loaded | ratio to baseline |
| --- | --- | --- | --- |
| landing page until its heading is visible (baseline) | ${fmt(landingMs)} ms | ${fmt(landing[0].bytes)} B | 1.00× |
| reference until the first operation ("List side conversations") is visible | ${fmt(referenceMs)} ms | ${fmt(reference[0].bytes)} B | ${fmt(referenceMs / landingMs, 2)}× |
| console page until its Send button is visible (the sandbox engine loaded) | ${fmt(consoleMs)} ms | ${fmt(consolePage[0].bytes)} B | ${fmt(consoleMs / landingMs, 2)}× |
| a guide: the site's search answers "checkpoint", typed as soon as the box shows | ${fmt(guideSearchMs)} ms | | ${fmt(guideSearchMs / landingMs, 2)}× |
| reference: the site's search answers "checkpoint", typed as soon as the box shows | ${fmt(searchMs)} ms | | ${fmt(searchMs / landingMs, 2)}× |
| reference: Redoc's own search is ready (its box stops saying "Loading...") | ${fmt(redocSearchMs)} ms | | ${fmt(redocSearchMs / landingMs, 2)}× |

On the reference the site's search answers once Redoc's script has run its first long task (they share
the page's one main thread); its box is wired before that script and keeps what was typed.

Requests to other origins: 0 on every page (asserted by the browser test in \`npm test\`).

| file (${files.length} in all, ${fmt(total)} B) | raw | gzip -9 |
| --- | --- | --- |
${rows.join("\n")}
`,
);
console.log(
  `landing ${fmt(landingMs)} ms, reference first operation ${fmt(referenceMs)} ms (${fmt(referenceMs / landingMs, 2)}×), console ${fmt(consoleMs)} ms, search answers ${fmt(guideSearchMs)} ms on a guide, ${fmt(searchMs)} ms on the reference, Redoc's search ready ${fmt(redocSearchMs)} ms`,
);
