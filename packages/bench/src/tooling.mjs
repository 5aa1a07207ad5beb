// Tooling times: what a developer waits for. Each command timed ROUNDS times (median), from the
// repository root, with turbo's cache bypassed by calling the package scripts directly.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startMock } from "@sideconvo/mock";
import { fmt, median } from "../../../scripts/bench/report.mjs";

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

async function prism() {
  const starts = [];
  let perSecond = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const mock = await startMock({ port: 0 });
    starts.push(performance.now() - started);
    if (i === 0) {
      const headers = { authorization: `Basic ${Buffer.from("a@example.com/token:x").toString("base64")}` };
      const url = `${mock.url}/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17`;
      for (let w = 0; w < 20; w++) await (await fetch(url, { headers })).arrayBuffer();
      let count = 0;
      const until = performance.now() + 3000;
      while (performance.now() < until) {
        await (await fetch(url, { headers })).arrayBuffer();
        count++;
      }
      perSecond = count / 3;
    }
    await mock.stop();
  }
  return { start: median(starts), perSecond };
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
| Prism throughput, one connection, sequential GETs | | ${fmt(mock.perSecond)} requests/s |
| docs build (landing, guides, reference) | \`pnpm --filter @sideconvo/docs run build\` | ${s(docs)} |
| contract suite, Prism start included | \`pnpm --filter @sideconvo/contract run test\` | ${s(contract)} |

The docs' page weight is in the docs section.
`;
}
