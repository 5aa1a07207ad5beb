// Request overhead: the same GET (show) and POST (create) through raw fetch, bare openapi-fetch,
// @sideconvo/client (retries, rate limits, checks all on) and node-zendesk, against one loopback
// server in another process; then again with a stubbed fetch, which isolates each client's own cost.
import { createClient, participant } from "@sideconvo/client";
import zendesk from "node-zendesk";
import createFetchClient from "openapi-fetch";
import { fmt, median } from "../../../scripts/bench/report.mjs";
import { startServer } from "./spawn-server.mjs";

const REQUESTS = Number(process.env.REQUESTS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const AUTH = { email: "bench@example.com", apiToken: "bench-token" };
const BASIC = `Basic ${Buffer.from(`${AUTH.email}/token:${AUTH.apiToken}`).toString("base64")}`;
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const MESSAGE = { subject: "Printer", body: "On fire", to: [participant.email("someone@example.com")] };
const SHOW = JSON.stringify({
  side_conversation: { id: ID, ticket_id: 42, subject: "s", state: "open", participants: [] },
});

function contenders(base, fetchImpl, stubbed) {
  const headers = { authorization: BASIC, accept: "application/json", "content-type": "application/json" };
  // Everything on, except the spec's create+reply budget (300 per 10 minutes): with it, the
  // thousands of creates here would wait by design, and the figure would measure the budget.
  const ours = createClient({ baseUrl: base, auth: AUTH, fetch: fetchImpl, rateLimit: { operations: false } });
  const bare = createFetchClient({ baseUrl: base, fetch: fetchImpl, headers });
  const nz = zendesk.createClient({
    username: AUTH.email,
    token: AUTH.apiToken,
    endpointUri: `${base}/api/v2`,
    // Over loopback node-zendesk uses its own transport (cross-fetch); with the stub, its
    // transport hook gets the same canned Response as the others.
    ...(stubbed && {
      transportConfig: {
        transportFn: (uri, options) =>
          fetchImpl(uri, { method: options.method, headers: options.headers, body: options.body }),
        responseAdapter: (response) => ({
          json: () => response.json(),
          status: response.status,
          headers: { get: (name) => response.headers.get(name) },
          statusText: response.statusText,
        }),
      },
    }),
  });
  return {
    "raw fetch": {
      get: () => fetchImpl(`${base}/api/v2/tickets/42/side_conversations/${ID}`, { headers }).then((r) => r.json()),
      post: () =>
        fetchImpl(`${base}/api/v2/tickets/42/side_conversations`, {
          method: "POST",
          headers,
          body: JSON.stringify({ message: MESSAGE }),
        }).then((r) => r.json()),
    },
    "openapi-fetch": {
      get: () =>
        bare.GET("/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}", {
          params: { path: { ticket_id: 42, side_conversation_id: ID } },
        }),
      post: () =>
        bare.POST("/api/v2/tickets/{ticket_id}/side_conversations", {
          params: { path: { ticket_id: 42 } },
          body: { message: MESSAGE },
        }),
    },
    "@sideconvo/client": {
      get: () => ours.sideConversations.show(42, ID),
      post: () => ours.sideConversations.create(42, MESSAGE),
    },
    "node-zendesk": {
      get: () => nz.sideconversations.show(42, ID),
      post: () => nz.sideconversations.create(42, { message: MESSAGE }),
    },
  };
}

/** Median µs per request of each contender; rounds interleave the contenders, rotating their order. */
async function table(base, fetchImpl, stubbed) {
  const all = Object.entries(contenders(base, fetchImpl, stubbed));
  const times = Object.fromEntries(all.map(([name]) => [name, { get: [], post: [] }]));
  for (const [, calls] of all) {
    for (let i = 0; i < 50; i++) {
      await calls.get(); // warm-up: connections, JIT
      await calls.post();
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < all.length; k++) {
      const [name, calls] = all[(round + k) % all.length];
      for (const kind of ["get", "post"]) {
        const started = performance.now();
        for (let i = 0; i < REQUESTS; i++) await calls[kind]();
        times[name][kind].push(((performance.now() - started) * 1000) / REQUESTS);
      }
    }
  }
  const results = {};
  for (const [name, { get, post }] of Object.entries(times)) {
    results[name] = { get: median(get), post: median(post) };
    console.error(
      `  ${stubbed ? "stubbed " : ""}${name}: GET ${results[name].get.toFixed(1)} µs, POST ${results[name].post.toFixed(1)} µs`,
    );
  }
  return results;
}

export async function overhead() {
  const server = await startServer();
  const loopback = await table(server.url, globalThis.fetch, false);
  await server.stop();
  const stub = () =>
    Promise.resolve(new Response(SHOW, { status: 200, headers: { "content-type": "application/json" } }));
  const stubbed = await table("http://127.0.0.1:9", stub, true);
  const rows = (results, target) =>
    Object.entries(results).map(([name, { get, post }]) => {
      const g = get / results["raw fetch"].get;
      const p = post / results["raw fetch"].post;
      // The client runs on openapi-fetch: its cost is read against bare openapi-fetch in the same run.
      const og = get / results["openapi-fetch"].get;
      const op = post / results["openapi-fetch"].post;
      const verdict =
        name === "@sideconvo/client" && target
          ? ` ${og <= 1.1 && op <= 1.1 ? "met" : "**not met**"} (≤ 1.10× openapi-fetch; ahead of node-zendesk: ${get < results["node-zendesk"].get && post < results["node-zendesk"].post ? "met" : "**not met**"})`
          : "";
      return `| ${name} | ${fmt(get, 1)} µs | ${fmt(g, 2)}× | ${fmt(og, 2)}× | ${fmt(post, 1)} µs | ${fmt(p, 2)}× | ${fmt(op, 2)}× |${verdict} |`;
    });
  return `## Request overhead

${REQUESTS} sequential requests per contender per round, ${ROUNDS} rounds with the contenders interleaved in rotating order;\nthe figure is the median of the rounds' mean time per request, after 50 warm-up requests each.
GET = show a side conversation, POST = create one. Ratios are to raw \`fetch\` and to bare openapi-fetch (which
the client runs on) in the same run.
\`@sideconvo/client\` runs with retries, the account budget, server gates, input checks and error mapping on;
only the spec's create+reply budget (300 per 10 minutes) is off, or the creates would wait by design.

Over loopback (server in a separate process, keep-alive):

| client | GET | ÷ raw | ÷ openapi-fetch | POST | ÷ raw | ÷ openapi-fetch | target |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows(loopback, true).join("\n")}

With a stubbed \`fetch\` (a canned Response; only the client's own work is timed):

| client | GET | ÷ raw | ÷ openapi-fetch | POST | ÷ raw | ÷ openapi-fetch | |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows(stubbed, false).join("\n")}
`;
}
