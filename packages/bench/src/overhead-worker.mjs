// One contender of the request-overhead benchmark, in a process of its own (so that no contender's
// JIT state or garbage helps or hurts another's): `node overhead-worker.mjs <contender> <base|stub> <n>`.
// Prints one JSON line: CPU and wall time per request (µs) for GET (show) and POST (create).
// With "heap" as the contender: 20,000 loopback GETs through @sideconvo/client, and the live heap
// (after a full GC) before, along the way and right after.
import { createClient, participant } from "@sideconvo/client";
import zendesk from "node-zendesk";
import createFetchClient from "openapi-fetch";

const [who, target, count] = process.argv.slice(2);
const N = Number(count);
const AUTH = { email: "bench@example.com", apiToken: "bench-token" };
const BASIC = `Basic ${Buffer.from(`${AUTH.email}/token:${AUTH.apiToken}`).toString("base64")}`;
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const MESSAGE = { subject: "Printer", body: "On fire", to: [participant.email("someone@example.com")] };
const SHOW = JSON.stringify({
  side_conversation: { id: ID, ticket_id: 42, subject: "s", state: "open", participants: [] },
});
const stubbed = target === "stub";
const base = stubbed ? "http://127.0.0.1:9" : target;
// A canned answer as a server sends it (with its length): only the client's own work is timed.
const stubFetch = () =>
  Promise.resolve(
    new Response(SHOW, {
      status: 200,
      headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(SHOW)) },
    }),
  );
const fetchImpl = stubbed ? stubFetch : globalThis.fetch;

function contender() {
  const headers = { authorization: BASIC, accept: "application/json", "content-type": "application/json" };
  switch (who) {
    case "raw fetch":
      return {
        get: () => fetchImpl(`${base}/api/v2/tickets/42/side_conversations/${ID}`, { headers }).then((r) => r.json()),
        post: () =>
          fetchImpl(`${base}/api/v2/tickets/42/side_conversations`, {
            method: "POST",
            headers,
            body: JSON.stringify({ message: MESSAGE }),
          }).then((r) => r.json()),
      };
    case "openapi-fetch": {
      const bare = createFetchClient({ baseUrl: base, fetch: fetchImpl, headers });
      return {
        get: () =>
          bare.GET("/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}", {
            params: { path: { ticket_id: 42, side_conversation_id: ID } },
          }),
        post: () =>
          bare.POST("/api/v2/tickets/{ticket_id}/side_conversations", {
            params: { path: { ticket_id: 42 } },
            body: { message: MESSAGE },
          }),
      };
    }
    case "node-zendesk": {
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
        get: () => nz.sideconversations.show(42, ID),
        post: () => nz.sideconversations.create(42, { message: MESSAGE }),
      };
    }
    default: {
      // Everything on, except the spec's create+reply budget (300 per 10 minutes): with it, the
      // thousands of creates here would wait by design, and the figure would measure the budget.
      const ours = createClient({ baseUrl: base, auth: AUTH, fetch: fetchImpl, rateLimit: { operations: false } });
      return { get: () => ours.sideConversations.show(42, ID), post: () => ours.sideConversations.create(42, MESSAGE) };
    }
  }
}

/**
 * CPU and wall µs per request of GET and POST, measured in four alternating slices each, so that
 * compilation and garbage collection that trail one kind do not all land on the other.
 */
async function measure(calls) {
  const totals = { get: { cpu: 0, wall: 0 }, post: { cpu: 0, wall: 0 } };
  const slice = Math.ceil(N / 4);
  for (let s = 0; s < 4; s++) {
    for (const kind of ["get", "post"]) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let i = 0; i < slice; i++) await calls[kind]();
      totals[kind].wall += (performance.now() - started) * 1000;
      const used = process.cpuUsage(cpu);
      totals[kind].cpu += used.user + used.system;
    }
  }
  const per = ({ cpu, wall }) => ({ cpu: cpu / (slice * 4), wall: wall / (slice * 4) });
  return { get: per(totals.get), post: per(totals.post) };
}

const mb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

if (who === "heap") {
  const ours = createClient({ baseUrl: base, auth: AUTH, rateLimit: { operations: false } });
  for (let i = 0; i < 500; i++) await ours.sideConversations.show(42, ID);
  const heap = [mb()];
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < 5000; i++) await ours.sideConversations.show(42, ID);
    heap.push(mb());
  }
  console.log(JSON.stringify({ heap }));
} else {
  const calls = contender();
  for (let i = 0; i < Math.min(N, 3000); i++) {
    await calls.get(); // warm-up: connections, JIT
    await calls.post();
  }
  console.log(JSON.stringify(await measure(calls)));
}
