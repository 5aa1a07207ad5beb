// The sandbox on a big data file: 100,000 side conversations and their 100,000 events (about
// 240 MB of JSON), each figure from a sandbox in a process of its own.
// - start: a file of format 2 (every record on its first line: the one-time migration) and of
//   format 3 (a record a line, read a line at a time), until it listens; the peak resident memory
//   (maxRSS) against the live heap once started (after a full GC): the ratio is what a start costs
//   over the state it builds;
// - GET /__sandbox/state of it, while a second client sends small reads one after another: how
//   long the sandbox's event loop was held at most, and the slowest of those reads.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, machine } from "../../../scripts/bench/report.mjs";

const RECORDS = Number(process.env.DATA_RECORDS ?? 100_000);
const entry = new URL("../node_modules/@sideconvo/sandbox/dist/node/index.js", import.meta.url).pathname;
const headers = { authorization: `Basic ${Buffer.from("bench@example.com/token:x").toString("base64")}` };

/** `n` side conversations over 5,000 tickets, each with a create event carrying a message. */
function data(n) {
  const start = Date.UTC(2024, 0, 1);
  const body = "A message body that a person wrote, about an order and its delivery. ".repeat(8);
  const side_conversations = [];
  const events = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 1000).toISOString();
    const id = `8566255a-ece5-11e8-857d-${String(i).padStart(12, "0")}`;
    const ticket = 1 + (i % 5000);
    const person = { user_id: 100 + i, name: "Agent Smith", email: "agent@example.com" };
    side_conversations.push({
      id,
      ticket_id: ticket,
      subject: `Order ${i} delivery question`,
      preview_text: body.slice(0, 100),
      state: "open",
      participants: [person],
      external_ids: {},
      created_at: at,
      updated_at: at,
      message_added_at: at,
      state_updated_at: at,
    });
    events.push({
      id: `ev-${i}`,
      side_conversation_id: id,
      ticket_id: ticket,
      actor: person,
      type: "create",
      via: "api",
      created_at: at,
      message: { subject: `Order ${i}`, preview_text: body.slice(0, 100), from: person, to: [], body },
      updates: {},
    });
  }
  return { tickets: [...new Set(side_conversations.map((sc) => sc.ticket_id))], side_conversations, events };
}

/** A sandbox in a child process on `file`; resolves its report line once it listens. */
function start(file) {
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      "--input-type=module",
      "-e",
      `import { monitorEventLoopDelay } from "node:perf_hooks";
       const { startSandboxServer } = await import(${JSON.stringify(entry)});
       const t = performance.now();
       const running = await startSandboxServer({ port: 0, data: ${JSON.stringify(file)} });
       const startMs = performance.now() - t;
       globalThis.gc();
       const delay = monitorEventLoopDelay({ resolution: 5 });
       delay.enable();
       console.log(JSON.stringify({ url: running.url, startMs, maxRssMB: process.resourceUsage().maxRSS / 1024,
         heapMB: process.memoryUsage().heapUsed / 1048576 }));
       process.stdin.on("data", () => { console.log(JSON.stringify({ maxDelayMs: delay.max / 1e6 })); });
       process.stdin.on("end", () => running.stop());`,
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = [];
  let waiting;
  let text = "";
  child.stdout.on("data", (chunk) => {
    text += chunk;
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n")) {
      lines.push(JSON.parse(text.slice(0, at)));
      text = text.slice(at + 1);
      waiting?.();
    }
  });
  const next = () =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (lines.length) resolve(lines.shift());
        else waiting = check;
      };
      child.once("exit", (code) => reject(new Error(`the sandbox exited with ${code}`)));
      check();
    });
  return { child, next };
}

export async function sandboxData() {
  const dir = mkdtempSync(join(tmpdir(), "sideconvo-bench-data-"));
  const file = join(dir, "big.journal");
  try {
    const records = data(RECORDS);
    writeFileSync(
      file,
      `${JSON.stringify({ sideconvoSandbox: 2, data: { ...records, attachments: [], conversation_log: {} } })}\n`,
    );
    const rows = [];
    for (const format of ["2 (first start: migration)", "3 (a record a line)"]) {
      const sandbox = start(file);
      const started = await sandbox.next();
      let dump = {};
      if (format.startsWith("3")) {
        let done = false;
        let slowest = 0;
        let reads = 0;
        let bytes = 0;
        const dumped = fetch(`${started.url}/__sandbox/state`).then(async (response) => {
          for await (const chunk of response.body) bytes += chunk.length;
          done = true;
        });
        while (!done) {
          const t = performance.now();
          const response = await fetch(`${started.url}/api/v2/tickets/42/side_conversations.json?per_page=1`, {
            headers,
          });
          await response.arrayBuffer();
          slowest = Math.max(slowest, performance.now() - t);
          reads++;
        }
        await dumped;
        sandbox.child.stdin.write("report\n");
        dump = { ...(await sandbox.next()), slowest, reads, bytes };
      }
      sandbox.child.stdin.end();
      await new Promise((resolve) => sandbox.child.once("exit", resolve));
      rows.push({ format, ...started, ...dump });
    }
    const [two, three] = rows;
    return `## Sandbox on a big data file

\`pnpm --filter @sideconvo/bench exec node src/run-one.mjs sandbox-data\` · ${machine()}.

${fmt(RECORDS)} side conversations and their ${fmt(RECORDS)} events (${fmt(three.bytes / 1e6)} MB of JSON), each start in
a process of its own: until it listens, its peak resident memory, and the live heap once started
(after a full GC; the state itself).

| data file format | start | peak RSS | live heap | peak ÷ live |
| --- | --- | --- | --- | --- |
${rows.map((r) => `| ${r.format} | ${fmt(r.startMs)} ms | ${fmt(r.maxRssMB)} MB | ${fmt(r.heapMB)} MB | ${fmt(r.maxRssMB / r.heapMB, 1)}× |`).join("\n")}

\`GET /__sandbox/state\` of it (${fmt(three.bytes / 1e6)} MB, sent in chunks) while a second client sends small reads
one after another: the sandbox's event loop was held at most ${fmt(three.maxDelayMs)} ms; ${fmt(three.reads)} reads were
answered during it, the slowest in ${fmt(three.slowest)} ms. A format-2 start takes
${fmt(two.startMs / three.startMs, 1)}× the time of a format-3 start, and peaks at ${fmt(two.maxRssMB / three.maxRssMB, 1)}× its memory.
`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
