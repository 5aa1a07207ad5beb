// The stateful sandbox beside the stateless contract mock, in one run: requests a second on one
// connection for list, show and create (the same request to both, alternating 1 s slices), and an
// export of 100,000 events held in the sandbox, read through @sideconvo/client page by page, with
// the time of each page and this process's heap (the sandbox runs in it) after each.
import { createClient } from "@sideconvo/client";
import { startMock } from "@sideconvo/mock";
import { fmt, machine, median } from "../../../scripts/bench/report.mjs";
import { requestsPerSecond } from "./requests-per-second.mjs";

const SLICES = Number(process.env.SLICES ?? 3);
const EVENTS = Number(process.env.EXPORT_EVENTS ?? 100_000);
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const headers = {
  authorization: `Basic ${Buffer.from("bench@example.com/token:x").toString("base64")}`,
  "content-type": "application/json",
};
const requests = {
  list: { method: "GET", path: "/api/v2/tickets/42/side_conversations.json" },
  show: { method: "GET", path: `/api/v2/tickets/42/side_conversations/${ID}.json` },
  create: {
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations.json",
    body: JSON.stringify({ message: { subject: "Bench", body: "A message.", to: [{ email: "a@example.com" }] } }),
  },
};

const rate = (base, { method, path, body }, ms) => requestsPerSecond(base + path, { method, headers, body }, ms, 10);

async function throughput() {
  const stateless = await startMock({ port: 0 });
  const sandbox = await startMock({ port: 0, stateful: true });
  const rows = [];
  try {
    for (const [name, request] of Object.entries(requests)) {
      const a = [];
      const b = [];
      for (let i = 0; i < SLICES; i++) {
        a.push(await rate(stateless.url, request, 1000));
        b.push(await rate(sandbox.url, request, 1000));
      }
      rows.push({ name, stateless: median(a), sandbox: median(b) });
      // Creates pile up in the sandbox; reads after them would read a longer list.
      sandbox.sandbox?.reset();
    }
  } finally {
    await stateless.stop();
    await sandbox.stop();
  }
  return rows;
}

/** A seed with one side conversation and EVENTS reply events, one a second. */
function bigSeed() {
  const start = Date.UTC(2024, 0, 1);
  const sc = {
    id: ID,
    ticket_id: 42,
    subject: "Big",
    state: "open",
    participants: [],
    external_ids: {},
    created_at: new Date(start).toISOString(),
  };
  const events = Array.from({ length: EVENTS }, (_, i) => ({
    id: `event-${String(i).padStart(6, "0")}`,
    side_conversation_id: ID,
    ticket_id: 42,
    type: "reply",
    via: "api",
    actor: { user_id: 1, name: "Bench", email: "bench@example.com" },
    created_at: new Date(start + i * 1000).toISOString(),
    message: { body: `Message ${i}`, preview_text: `Message ${i}`, to: [{ email: "a@example.com" }], attachments: [] },
    updates: {},
  }));
  return { tickets: [42], side_conversations: [sc], events, attachments: [], conversation_log: {} };
}

async function bigExport() {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const sandbox = await startMock({ port: 0, stateful: { seed: bigSeed() } });
  try {
    globalThis.gc?.();
    const held = process.memoryUsage().heapUsed;
    const zd = createClient({
      baseUrl: sandbox.url,
      auth: { email: "bench@example.com", apiToken: "x" },
      rateLimit: false,
    });
    const pages = [];
    let count = 0;
    let last = performance.now();
    let perPage = 0;
    const started = last;
    for await (const _event of zd.iterate.exportEvents({ startTime: Date.UTC(2024, 0, 1) / 1000 })) {
      count++;
      if (++perPage === 1000) {
        const now = performance.now();
        pages.push({ ms: now - last, heap: process.memoryUsage().heapUsed });
        last = now;
        perPage = 0;
      }
    }
    return { count, totalMs: performance.now() - started, pages, before, held };
  } finally {
    await sandbox.stop();
  }
}

export async function sandbox() {
  const rows = await throughput();
  const big = await bigExport();
  const mb = (bytes) => `${fmt(bytes / 1024 / 1024, 1)} MB`;
  const tenth = Math.max(1, Math.floor(big.pages.length / 10));
  const first = big.pages.slice(0, tenth);
  const lastPages = big.pages.slice(-tenth);
  const avg = (list, key) => list.reduce((sum, page) => sum + page[key], 0) / list.length;
  return `## Sandbox

\`pnpm --filter @sideconvo/bench exec node --expose-gc src/run-one.mjs sandbox\` · ${machine()}.

Requests a second on one connection, sequential, the same request to both in alternating 1 s slices
(median of ${SLICES}); each passes the front and Prism in both, and the sandbox's state server after
Prism's proxy.

| request | stateless mock (Prism's examples) | sandbox (state) | sandbox ÷ stateless |
| --- | --- | --- | --- |
${rows.map((r) => `| ${r.name} | ${fmt(r.stateless)} | ${fmt(r.sandbox)} | ${fmt(r.sandbox / r.stateless, 2)}× |`).join("\n")}

An export of ${fmt(EVENTS)} events held in the sandbox (one a second), read with
\`zd.iterate.exportEvents\`, ${fmt(big.pages.length)} pages of 1,000: ${fmt(big.count)} events in
${fmt(big.totalMs / 1000, 1)} s. The state held: ${mb(big.held - big.before)} of heap. Per page, the
first tenth of the pages against the last tenth: ${fmt(avg(first, "ms"))} ms against
${fmt(avg(lastPages, "ms"))} ms a page, heap ${mb(avg(first, "heap"))} against ${mb(avg(lastPages, "heap"))}
(flat: a page costs the same wherever it is in the export).
`;
}
