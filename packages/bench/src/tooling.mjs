// Tooling times: what a developer waits for. Each command timed ROUNDS times (median), from the
// repository root, with turbo's cache bypassed by calling the package scripts directly.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startMock } from "@sideconvo/mock";
import { fmt, median } from "../../../scripts/bench/report.mjs";
import { requestsPerSecond } from "./requests-per-second.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const root = fileURLToPath(new URL("../../..", import.meta.url));

function time(args, rounds = ROUNDS) {
  const runs = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    execFileSync("pnpm", args, { cwd: root, stdio: "ignore", env: { ...process.env, REDOCLY_TELEMETRY: "off" } });
    runs.push(performance.now() - started);
  }
  return median(runs);
}

const headers = { authorization: `Basic ${Buffer.from("a@example.com/token:x").toString("base64")}` };
const SHOW = "/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17";

const rate = (url, ms) => requestsPerSecond(url, { headers }, ms);

async function prism() {
  const starts = [];
  const front = [];
  const direct = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const mock = await startMock({ port: 0 });
    starts.push(performance.now() - started);
    if (i === 0) {
      // Alternating 1 s slices, so that both see the same machine: the mock as users reach it
      // (the front, with .json) and Prism behind it directly.
      for (let slice = 0; slice < 3; slice++) {
        front.push(await rate(`${mock.url}${SHOW}.json`, 1000));
        direct.push(await rate(`${mock.prismUrl}${SHOW}`, 1000));
      }
    }
    await mock.stop();
  }
  return { start: median(starts), perSecond: median(front), direct: median(direct) };
}

export async function tooling() {
  const bundle = time(["--filter", "@sideconvo/openapi", "run", "bundle"]);
  const generate = time(["--filter", "@sideconvo/client", "run", "generate"]);
  const mock = await prism();
  const docs = time(["--filter", "@sideconvo/docs", "run", "build"]);
  const contract = time(["--filter", "@sideconvo/contract", "run", "test"], 1);
  const s = (ms) => `${fmt(ms / 1000, 2)} s`;
  return `## Tooling

Median of ${ROUNDS} runs (the contract suite: one run), package scripts called directly (no turbo cache).

| step | command | time |
| --- | --- | --- |
| spec bundle (lint is separate) | \`pnpm --filter @sideconvo/openapi run bundle\` | ${s(bundle)} |
| type generation from the bundle | \`pnpm --filter @sideconvo/client run generate\` | ${s(generate)} |
| Prism start, until it answers | \`startMock({ port: 0 })\` | ${s(mock.start)} |
| mock throughput, one connection, sequential GETs (\`.json\` path, through the front) | | ${fmt(mock.perSecond)} requests/s |
| the same against Prism directly (no front) | | ${fmt(mock.direct)} requests/s (front: ${fmt(mock.perSecond / mock.direct, 2)}×) |
| docs build (landing, guides, reference) | \`pnpm --filter @sideconvo/docs run build\` | ${s(docs)} |
| contract suite, Prism start included | \`pnpm --filter @sideconvo/contract run test\` | ${s(contract)} |

The docs' page weight is in the docs section.
`;
}
