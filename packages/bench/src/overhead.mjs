// Request overhead: the same GET (show) and POST (create) through raw fetch, bare openapi-fetch,
// @sideconvo/client (retries, rate limits, checks all on) and node-zendesk, against one loopback
// server in another process, then with a stubbed fetch, which isolates each client's own cost.
// Each contender runs in a process of its own (overhead-worker.mjs), rounds interleaved in rotating
// order; the figures are CPU time per request (steadier than wall time on a shared machine) and
// wall time, medians of the rounds. Last, the live heap over 20,000 loopback calls.
import { execFileSync } from "node:child_process";
import { fmt, median } from "../../../scripts/bench/report.mjs";
import { startServer } from "./spawn-server.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const STUBBED = Number(process.env.STUBBED ?? 20_000);
const LOOPBACK = Number(process.env.REQUESTS ?? 2000);
const NAMES = ["raw fetch", "openapi-fetch", "@sideconvo/client", "node-zendesk"];
const worker = new URL("./overhead-worker.mjs", import.meta.url).pathname;

const run = (args, flags = []) =>
  JSON.parse(
    execFileSync(process.execPath, [...flags, worker, ...args], { encoding: "utf8" })
      .trim()
      .split("\n")
      .pop(),
  );

function table(target, n) {
  const seen = Object.fromEntries(NAMES.map((name) => [name, { get: [], post: [], getWall: [], postWall: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < NAMES.length; k++) {
      const name = NAMES[(round + k) % NAMES.length];
      const { get, post } = run([name, target, String(n)]);
      seen[name].get.push(get.cpu);
      seen[name].post.push(post.cpu);
      seen[name].getWall.push(get.wall);
      seen[name].postWall.push(post.wall);
    }
  }
  const results = Object.fromEntries(
    Object.entries(seen).map(([name, all]) => [
      name,
      Object.fromEntries(Object.entries(all).map(([k, v]) => [k, median(v)])),
    ]),
  );
  for (const [name, r] of Object.entries(results))
    console.error(
      `  ${target === "stub" ? "stubbed" : "loopback"} ${name}: CPU GET ${r.get.toFixed(1)} µs, POST ${r.post.toFixed(1)} µs`,
    );
  return results;
}

function rows(results, limit) {
  const base = results["openapi-fetch"];
  return Object.entries(results).map(([name, r]) => {
    const og = r.get / base.get;
    const op = r.post / base.post;
    const verdict =
      name === "@sideconvo/client"
        ? og <= limit && op <= limit
          ? `met (≤ ${limit}×)`
          : `**not met** (≤ ${limit}×)`
        : "";
    return `| ${name} | ${fmt(r.get, 1)} µs | ${fmt(og, 2)}× | ${fmt(r.post, 1)} µs | ${fmt(op, 2)}× | ${fmt(r.getWall, 1)} µs | ${fmt(r.postWall, 1)} µs | ${verdict} |`;
  });
}

export async function overhead() {
  const stubbed = table("stub", STUBBED);
  const server = await startServer();
  const loopback = table(server.url, LOOPBACK);
  const { heap } = run(["heap", server.url, "0"], ["--expose-gc"]);
  await server.stop();
  const header = `| client | CPU GET | ÷ openapi-fetch | CPU POST | ÷ openapi-fetch | wall GET | wall POST | target |
| --- | --- | --- | --- | --- | --- | --- | --- |`;
  return `## Request overhead

\`node packages/bench/src/run-one.mjs overhead\` (in \`pnpm bench\`). Each contender runs in a process of its own; ${ROUNDS} rounds
with the contenders in rotating order; each figure is the median of the rounds. CPU is the process's user + system time per
request (steadier than wall time on a shared machine); wall time beside it. GET = show a side conversation, POST = create
one. Ratios are to bare openapi-fetch (which the client runs on). \`@sideconvo/client\` runs with retries, the account
budget, server gates, input checks, the origin check, redaction, timeouts covering the body and error mapping on; only the
spec's create+reply budget (300 per 10 minutes) is off, or the creates would wait by design.

With a stubbed \`fetch\` (a canned Response with its content-length; only the client's own work is timed), ${fmt(STUBBED)} requests each:

${header}
${rows(stubbed, 1.3).join("\n")}

Over loopback (server in a separate process, keep-alive), ${fmt(LOOPBACK)} requests each:

${header}
${rows(loopback, 1.1).join("\n")}

Live heap (after a full GC) of one process making 20,000 loopback GETs through \`@sideconvo/client\`, every 5,000:
${heap.map((value) => `${fmt(value, 1)} MB`).join(" → ")}.
`;
}
