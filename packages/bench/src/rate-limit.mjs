// Rate-limit efficiency: a loopback server allows RATE_LIMIT requests per RATE_WINDOW_MS (fixed
// windows, scaled down in time) and answers 429 with Retry-After beyond it; it reports what it
// allows in `ratelimit-remaining` / `ratelimit-reset`. The client sends GETs as fast as it may for
// WINDOWS windows. Figures: requests served per window as a share of the budget, 429s received.
import { createClient } from "@sideconvo/client";
import { fmt } from "../../../scripts/bench/report.mjs";
import { startServer } from "./spawn-server.mjs";

const LIMIT = 60;
const WINDOW_MS = 6000;
const WINDOWS = Number(process.env.WINDOWS ?? 5);

async function drive(url, options) {
  const zd = createClient({ baseUrl: url, auth: { email: "bench@example.com", apiToken: "t" }, ...options });
  const deadline = Date.now() + WINDOWS * WINDOW_MS;
  while (Date.now() < deadline) {
    await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}", {
      params: { path: { ticket_id: 7, side_conversation_id: "limited" } },
    });
  }
}

/** The baseline: plain fetch, which only reacts to a 429 by waiting for its Retry-After. */
async function naive(url) {
  const deadline = Date.now() + WINDOWS * WINDOW_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/v2/tickets/7/side_conversations/limited`);
    await response.arrayBuffer();
    if (response.status === 429)
      await new Promise((r) => setTimeout(r, Number(response.headers.get("retry-after")) * 1000));
  }
}

async function run(label, options) {
  const server = await startServer({ RATE_LIMIT: String(LIMIT), RATE_WINDOW_MS: String(WINDOW_MS) });
  await (options === "naive" ? naive(server.url) : drive(server.url, options));
  const windows = await (await fetch(`${server.url}/stats/rate-limit`)).json();
  await server.stop();
  // Whole windows only: the first and the last may be partial.
  const whole = windows.slice(1, -1).map(([, tally]) => tally);
  const served = whole.reduce((sum, t) => sum + t.ok, 0) / whole.length;
  const refusedAfterFirst = whole.map((t) => t.refused);
  const refusedFirst = windows[0]?.[1].refused ?? 0;
  return { label, served, share: served / LIMIT, refusedFirst, refusedAfterFirst, windows: whole.length };
}

export async function rateLimit() {
  const ours = await run("@sideconvo/client (budgets on)", {});
  const baseline = await run("raw fetch, waiting out each 429's Retry-After (baseline)", "naive");
  const rows = [ours, baseline].map(
    (r) =>
      `| ${r.label} | ${fmt(r.served, 1)} of ${LIMIT} | ${fmt(r.share * 100, 1)}% | ${r.refusedFirst} | ${r.refusedAfterFirst.join(", ")} | ${r.share >= 0.95 && r.refusedAfterFirst.every((n) => n <= 1) ? "met" : "**not met**"} |`,
  );
  return `## Rate-limit efficiency

A loopback server allows ${LIMIT} requests per ${WINDOW_MS / 1000} s window (the vendor's per-minute limits, scaled down in time),
answers 429 with \`Retry-After\` beyond it, and reports \`ratelimit-limit\`, \`ratelimit-policy: 60;w=6\` (the window; Zendesk's own
limits are per minute, which the client assumes without it), \`ratelimit-remaining\` and \`ratelimit-reset\` on each answer.
The client sends GETs back to back for ${WINDOWS} windows; the ${ours.windows} whole windows in the middle are counted.

| client | served per window | share of budget | 429s in the first window | 429s in each later window | target ≥ 95%, ≤ 1 429 a window after the first |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}
`;
}
