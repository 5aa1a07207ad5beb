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

const landing = [];
const reference = [];
for (let round = 0; round < ROUNDS; round++) {
  landing.push(await timeTo(`${base}index.html`, "main h1"));
  reference.push(
    await timeTo(
      `${base}reference.html#/side-conversations/listsideconversations`,
      'h2:text-is("List side conversations")',
    ),
  );
}
await browser.close();
server.close();

const landingMs = median(landing.map((run) => run.ms));
const referenceMs = median(reference.map((run) => run.ms));
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

Requests to other origins: 0 on every page (asserted by the browser test in \`npm test\`).

| file (${files.length} in all, ${fmt(total)} B) | raw | gzip -9 |
| --- | --- | --- |
${rows.join("\n")}
`,
);
console.log(
  `landing ${fmt(landingMs)} ms, reference first operation ${fmt(referenceMs)} ms (${fmt(referenceMs / landingMs, 2)}×)`,
);
