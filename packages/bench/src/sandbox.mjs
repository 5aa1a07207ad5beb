// The stateful sandbox (@sideconvo/sandbox) against the stateless contract mock (Prism) and a bare
// `node:http` server that answers a fixed body (the ceiling), in one run:
// - requests a second for list, show and create on 1 and 16 connections, each server in a process
//   of its own (this one only sends), and the sandbox in this process through MSW;
// - start until the first answer, and the resident memory after the throughput rounds;
// - create latency with a data file (the journal) at 0, 10,000 and 50,000 records, and the start
//   with 50,000;
// - an export of 100,000 events through @sideconvo/client, against a bare server replaying the
//   very same pages.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@sideconvo/client";
import { createSandbox } from "@sideconvo/sandbox";
import { SANDBOX_URL, sandboxHandlers } from "@sideconvo/sandbox/msw";
import { startSandboxServer } from "@sideconvo/sandbox/node";
import autocannon from "autocannon";
import { setupServer } from "msw/node";
import { fmt, machine, median } from "../../../scripts/bench/report.mjs";

const SLICES = Number(process.env.SLICES ?? 3);
const SLICE_MS = Number(process.env.SLICE_MS ?? 1000);
const EVENTS = Number(process.env.EXPORT_EVENTS ?? 100_000);
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const headers = {
  authorization: `Basic ${Buffer.from("bench@example.com/token:x").toString("base64")}`,
  "content-type": "application/json",
};
const CREATE = JSON.stringify({ message: { subject: "Bench", body: "A message.", to: [{ email: "a@example.com" }] } });
const requests = {
  list: { method: "GET", path: "/api/v2/tickets/42/side_conversations.json" },
  show: { method: "GET", path: `/api/v2/tickets/42/side_conversations/${ID}.json` },
  create: { method: "POST", path: "/api/v2/tickets/42/side_conversations.json", body: CREATE },
};
const mockCli = createRequire(import.meta.url)
  .resolve("@sideconvo/mock/package.json")
  .replace("package.json", "dist/cli.js");

/** Requests a second over HTTP, from autocannon (a load generator far lighter than fetch), after a warm-up. */
async function rate(url, { method, body }, ms, connections) {
  const options = { url, method, headers, body, connections };
  await autocannon({ ...options, amount: 200 });
  const result = await autocannon({ ...options, duration: ms / 1000 });
  if (result.non2xx || result.errors)
    throw new Error(`${method} ${url}: ${result.non2xx} answers not 2xx, ${result.errors} errors`);
  return result.requests.average;
}

/** In this process: `connections` loops of sequential calls of `send` (MSW's fetch, sandbox.fetch) for `ms`. */
async function rateInProcess(url, { method, body }, ms, connections, fetcher = fetch) {
  const send = async () => {
    const response = await fetcher(url, { method, headers, body });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}`);
  };
  for (let i = 0; i < 20; i++) await send();
  let count = 0;
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        await send();
        count++;
      }
    }),
  );
  return (count * 1000) / ms;
}

/** A server in its own process; resolves its URL once it answers, with the time that took. */
async function serve(args, ready = /(http:\/\/[\d.:]+)/) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let text = "";
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const found = ready.exec(text);
      if (found) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
  // The first answer, not the log line, is when a user can start.
  for (;;) {
    const response = await fetch(`${url}${requests.show.path}`, { headers }).catch(() => undefined);
    if (response) {
      await response.arrayBuffer();
      break;
    }
  }
  const startMs = performance.now() - started;
  const rss = () => {
    // The server's resident memory, with its children (Prism runs in one behind the mock's front).
    const pids = [child.pid, ...childrenOf(child.pid)];
    return pids.reduce((sum, pid) => {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    }, 0);
  };
  return {
    url,
    startMs,
    startRss: rss(),
    rss,
    stop: () =>
      new Promise((done) => {
        child.once("exit", done);
        child.kill();
      }),
  };
}

function childrenOf(pid) {
  try {
    const direct = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return direct.flatMap((child) => [child, ...childrenOf(child)]);
  } catch {
    return [];
  }
}

/** A bare server answering, byte for byte, what the sandbox answered to each request: the ceiling. */
const BARE = (file) => `const { createServer } = require("node:http");
const answers = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(file)}, "utf8"));
for (const answer of Object.values(answers)) answer.body = Buffer.from(answer.body);
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const answer = answers[req.method + " " + req.url];
    res.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.length });
    res.end(answer.body);
  });
});
server.listen(0, "127.0.0.1", () => console.log("http://127.0.0.1:" + server.address().port));`;

const resetOver = async (url) => {
  const response = await fetch(`${url}/__sandbox/reset`, { method: "POST", headers, body: "{}" });
  if (!response.ok) throw new Error(`reset answered ${response.status}`);
};

async function throughput() {
  const sandbox = await serve([mockCli, "--stateful", "--port", "0"]);
  const recorded = {};
  for (const { method, path, body } of Object.values(requests)) {
    const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
    const answerHeaders = Object.fromEntries(response.headers);
    for (const name of ["date", "connection", "keep-alive", "content-length"]) delete answerHeaders[name];
    recorded[`${method} ${path}`] = { status: response.status, headers: answerHeaders, body: await response.text() };
  }
  await resetOver(sandbox.url);
  const dir = mkdtempSync(join(tmpdir(), "sideconvo-bench-"));
  writeFileSync(join(dir, "answers.json"), JSON.stringify(recorded));
  const servers = {
    bare: await serve(["-e", BARE(join(dir, "answers.json"))]),
    prism: await serve([mockCli, "--port", "0"]),
    sandbox,
  };
  // MSW intercepts sockets in this process: on only while its own rounds run.
  const { handlers, sandbox: inProcessSandbox } = sandboxHandlers();
  const msw = setupServer(...handlers);
  const inProcess = { url: SANDBOX_URL };
  const direct = createSandbox();
  const rows = [];
  try {
    for (const connections of [1, 16]) {
      for (const [name, request] of Object.entries(requests)) {
        const seen = { bare: [], prism: [], sandbox: [], msw: [], direct: [] };
        for (let i = 0; i < SLICES; i++) {
          for (const [who, server] of Object.entries(servers))
            seen[who].push(await rate(`${server.url}${request.path}`, request, SLICE_MS, connections));
          msw.listen({ onUnhandledFrame: "bypass" });
          seen.msw.push(await rateInProcess(`${inProcess.url}${request.path}`, request, SLICE_MS, connections));
          msw.close();
          seen.direct.push(
            await rateInProcess(`${inProcess.url}${request.path}`, request, SLICE_MS, connections, direct.fetch),
          );
        }
        // Creates pile up; the next round's reads would read a longer list.
        await resetOver(sandbox.url);
        inProcessSandbox.reset();
        direct.reset();
        rows.push({ name, connections, ...Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, median(v)])) });
      }
    }
    return {
      rows,
      start: Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.startMs])),
      rss: Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.startRss])),
      rssAfter: Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.rss()])),
    };
  } finally {
    for (const server of Object.values(servers)) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `n` side conversations on ticket 42, each with its create event, a second apart. */
function records(n) {
  const start = Date.UTC(2024, 0, 1);
  const side_conversations = [];
  const events = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 1000).toISOString();
    const id = `sc-${String(i).padStart(6, "0")}`;
    side_conversations.push({
      id,
      ticket_id: 42,
      subject: `n${i}`,
      state: "open",
      participants: [],
      external_ids: {},
      created_at: at,
    });
    events.push({
      id: `ev-${i}`,
      side_conversation_id: id,
      ticket_id: 42,
      type: "create",
      via: "api",
      created_at: at,
      updates: {},
    });
  }
  return { tickets: [42], side_conversations, events, attachments: [], conversation_log: {} };
}

async function persistence() {
  const dir = mkdtempSync(join(tmpdir(), "sideconvo-bench-"));
  const rows = [];
  try {
    for (const n of [0, 10_000, 50_000]) {
      const data = join(dir, `data-${n}.journal`);
      writeFileSync(data, `${JSON.stringify({ sideconvoSandbox: 2, data: records(n) })}\n`);
      const started = performance.now();
      const running = await startSandboxServer({ port: 0, data });
      const startMs = performance.now() - started;
      const times = [];
      try {
        for (let i = 0; i < 300; i++) {
          const t = performance.now();
          const response = await fetch(`${running.url}${requests.create.path}`, {
            method: "POST",
            headers,
            body: CREATE,
          });
          await response.arrayBuffer();
          if (i >= 50) times.push(performance.now() - t);
        }
      } finally {
        await running.stop();
      }
      rows.push({ n, startMs, createMs: median(times) });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** One side conversation with EVENTS reply events, one a second. */
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

async function exportThrough(baseUrl) {
  const zd = createClient({ baseUrl, auth: { email: "bench@example.com", apiToken: "x" }, rateLimit: false });
  const started = performance.now();
  let count = 0;
  for await (const _event of zd.iterate.exportEvents({ startTime: Date.UTC(2024, 0, 1) / 1000, pageSize: 1000 }))
    count++;
  return { count, ms: performance.now() - started };
}

async function bigExport() {
  const dir = mkdtempSync(join(tmpdir(), "sideconvo-bench-"));
  const seed = join(dir, "seed.json");
  writeFileSync(seed, JSON.stringify(bigSeed()));
  const sandbox = await serve([mockCli, "--stateful", "--port", "0", "--seed", seed]);
  // The same pages, recorded once, replayed by a bare server with the links pointed at it.
  const pages = {};
  let next = `${sandbox.url}/api/v2/tickets/side_conversations/events.json?start_time=${Date.UTC(2024, 0, 1) / 1000}`;
  while (next) {
    const text = await (await fetch(next, { headers })).text();
    pages[new URL(next).search] = text.replaceAll(sandbox.url, "ORIGIN");
    next = JSON.parse(text).next_page;
  }
  writeFileSync(join(dir, "pages.json"), JSON.stringify(pages));
  const REPLAY = `const { createServer } = require("node:http");
const pages = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(join(dir, "pages.json"))}, "utf8"));
let origin = "";
const bodies = {};
const server = createServer((req, res) => {
  const search = req.url.slice(req.url.indexOf("?"));
  bodies[search] ??= Buffer.from((pages[search] ?? "{}").replaceAll("ORIGIN", origin));
  res.writeHead(200, { "content-type": "application/json", "content-length": bodies[search].length });
  res.end(bodies[search]);
});
server.listen(0, "127.0.0.1", () => { origin = "http://127.0.0.1:" + server.address().port; console.log(origin); });`;
  const bare = await serve(["-e", REPLAY]);
  try {
    const rounds = { sandbox: [], bare: [] };
    for (let i = 0; i < 3; i++) {
      rounds.sandbox.push(await exportThrough(sandbox.url));
      rounds.bare.push(await exportThrough(bare.url));
    }
    for (const round of [...rounds.sandbox, ...rounds.bare])
      if (round.count !== EVENTS) throw new Error(`an export delivered ${round.count} of ${EVENTS} events`);
    return {
      pages: Object.keys(pages).length,
      sandboxMs: median(rounds.sandbox.map((r) => r.ms)),
      bareMs: median(rounds.bare.map((r) => r.ms)),
    };
  } finally {
    await sandbox.stop();
    await bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function sandbox() {
  const { rows, start, rss, rssAfter } = await throughput();
  const data = await persistence();
  const big = await bigExport();
  const mb = (bytes) => `${fmt(bytes / 1024 / 1024)} MB`;
  const x = (value, digits = 1) => `${fmt(value, digits)}×`;
  const empty = data[0];
  return `## Sandbox

\`pnpm --filter @sideconvo/bench exec node src/run-one.mjs sandbox\` · ${machine()}.

Requests a second, the same request to each in turn, ${SLICES} slices of ${fmt(SLICE_MS)} ms (median), sent
by autocannon over HTTP and by \`fetch\` in this process for MSW:
a bare \`node:http\` server answering, byte for byte, what the sandbox answered to that request (the ceiling), the stateless contract mock (Prism
behind the \`.json\` front, \`sideconvo-mock\`), the sandbox's HTTP face (\`sideconvo-mock --stateful\`),
each in a process of its own, and the sandbox in this process: through MSW (\`@sideconvo/sandbox/msw\`,
\`fetch\` intercepted) and through \`sandbox.fetch\` (what \`createClient({ fetch: sandbox.fetch })\` uses).
On 16 connections, 16 loops of sequential requests.

| request | conns | bare | Prism (stateless) | sandbox, HTTP | sandbox, MSW | sandbox.fetch | HTTP ÷ Prism | HTTP ÷ bare | MSW ÷ Prism | sandbox.fetch ÷ Prism |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows
  .map(
    (r) =>
      `| ${r.name} | ${r.connections} | ${fmt(r.bare)} | ${fmt(r.prism)} | ${fmt(r.sandbox)} | ${fmt(r.msw)} | ${fmt(r.direct)} | ${x(r.sandbox / r.prism)} | ${fmt((100 * r.sandbox) / r.bare)}% | ${x(r.msw / r.prism)} | ${x(r.direct / r.prism)} |`,
  )
  .join("\n")}

Start until the first answer, and resident memory then (with Prism's own process for the mock): bare
${fmt(start.bare)} ms, ${mb(rss.bare)}; Prism ${fmt(start.prism)} ms, ${mb(rss.prism)}; sandbox ${fmt(start.sandbox)} ms,
${mb(rss.sandbox)}. After the rounds above (the sandbox then holds every side conversation the create
rounds made until their reset): bare ${mb(rssAfter.bare)}, Prism ${mb(rssAfter.prism)}, sandbox ${mb(rssAfter.sandbox)}.

With a data file (the journal, appended once per write), the median create over HTTP and the start
(load, replay, compaction) by records held (side conversations, each with its event):

| records | create, median | start |
| --- | --- | --- |
${data.map((r) => `| ${fmt(r.n)} | ${fmt(r.createMs, 2)} ms (${x(r.createMs / empty.createMs, 2)}) | ${fmt(r.startMs)} ms |`).join("\n")}

An export of ${fmt(EVENTS)} events (one a second, ${fmt(big.pages)} pages) through
\`zd.iterate.exportEvents\`, median of 3: ${fmt(big.sandboxMs / 1000, 2)} s from the sandbox against
${fmt(big.bareMs / 1000, 2)} s from a bare server replaying the very same pages
(${x(big.bareMs / big.sandboxMs, 2)} the events a second of the bare server).
`;
}
