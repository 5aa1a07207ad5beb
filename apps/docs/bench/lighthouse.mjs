#!/usr/bin/env node
// Lighthouse's mobile performance score (its default: a mid-range phone, slow 4G, 4× CPU
// slowdown, simulated) of the reference, against the landing page's on the same server (the
// baseline). The site is served gzip-compressed, as a static host serves it. Lighthouse is run
// with npx at a pinned version, so that the tests' install does not carry it. Medians of ROUNDS.
// Writes its section of BENCHMARKS.md.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { fmt, machine, median, writeSection } from "../../../scripts/bench/report.mjs";
import { chromiumPath } from "../scripts/chromium.mjs";

const LIGHTHOUSE = "lighthouse@12.8.2";
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const dist = fileURLToPath(new URL("../dist", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".md": "text/markdown; charset=utf-8",
};

// A static host: the file, gzip-compressed when the browser accepts it and it is text.
const server = createServer((request, response) => {
  const path = normalize(join(dist, decodeURIComponent(new URL(request.url ?? "/", "http://host").pathname)));
  if (!path.startsWith(dist) || !existsSync(path) || statSync(path).isDirectory()) {
    response.writeHead(404).end();
    return;
  }
  const type = TYPES[extname(path)] ?? "application/octet-stream";
  let body = readFileSync(path);
  const headers = { "content-type": type };
  if (/\bgzip\b/.test(String(request.headers["accept-encoding"])) && !type.includes("wasm")) {
    body = gzipSync(body);
    headers["content-encoding"] = "gzip";
  }
  response.writeHead(200, headers).end(body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;
const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "sideconvo-lighthouse-"));

async function lighthouse(path) {
  const report = join(out, "report.json");
  await run(
    "npx",
    [
      "--yes",
      LIGHTHOUSE,
      `${base}${path}`,
      "--only-categories=performance",
      "--chrome-flags=--headless=new --no-sandbox",
      "--output=json",
      `--output-path=${report}`,
      "--quiet",
    ],
    { env: { ...process.env, CHROME_PATH: chromiumPath }, maxBuffer: 64 * 1024 * 1024 },
  );
  const { categories, audits } = JSON.parse(readFileSync(report, "utf8"));
  return {
    score: Math.round(categories.performance.score * 100),
    fcp: audits["first-contentful-paint"].numericValue,
    lcp: audits["largest-contentful-paint"].numericValue,
    tbt: audits["total-blocking-time"].numericValue,
    cls: audits["cumulative-layout-shift"].numericValue,
  };
}

const PAGES = [
  ["landing page (baseline)", "index.html"],
  ["reference, as linked from the bar", "reference.html"],
  [
    "reference, a link to an operation (Redoc runs at once)",
    "reference.html#/side-conversations/createsideconversation",
  ],
  ["a guide", "guides/getting-started.html"],
];
const results = [];
for (const [label, path] of PAGES) {
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) runs.push(await lighthouse(path));
  const pick = (key) => median(runs.map((r) => r[key]));
  results.push({
    label,
    path,
    score: pick("score"),
    fcp: pick("fcp"),
    lcp: pick("lcp"),
    tbt: pick("tbt"),
    cls: pick("cls"),
  });
}
server.close();
rmSync(out, { recursive: true, force: true });

const baseline = results[0]?.score ?? 100;
const rows = results.map(
  (r) =>
    `| ${r.label} | \`${r.path}\` | ${r.score} | ${fmt(r.score / baseline, 2)}× | ${fmt(r.fcp)} ms | ${fmt(r.lcp)} ms | ${fmt(r.tbt)} ms | ${fmt(r.cls, 3)} |`,
);
writeSection(
  "lighthouse",
  `## Docs site: Lighthouse mobile performance

Command: \`pnpm --filter @sideconvo/docs bench:lighthouse\` (after \`turbo run build\`). ${LIGHTHOUSE} (npx), its
mobile defaults (simulated slow 4G, 4× CPU slowdown), Chromium at \`${chromiumPath}\`, the site served
gzip-compressed from loopback, medians of ${ROUNDS} runs. Machine: ${machine()}.

| page | path | score | ratio to baseline | first contentful paint | largest contentful paint | total blocking time | layout shift |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

The reference paints Redoc's prerendered overview and sidebar first; Redoc's script (\`reference.js\`,
2.4 MB, 0.7 MB gzip) loads at once for a link to a route, and otherwise on the reader's first scroll,
tap, key or pointer move. Before this (the script inline in a 2.68 MB page, December 2026): score 52,
first paint 4.6 s, 860 ms blocking, on the same gzip server.
`,
);
console.log(rows.join("\n"));
