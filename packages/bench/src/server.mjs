// The benchmarks' loopback API, in its own process (forked by the benchmarks) so that its work
// does not count against the client under test. Reports its port over IPC.
import { createServer } from "node:http";

const SC = {
  id: "8566255a-ece5-11e8-857d-493066fa7b17",
  ticket_id: 42,
  subject: "Help, my printer is on fire!",
  state: "open",
  participants: [{ user_id: 35436, name: "Johnny Agent", email: "johnny@example.com" }],
  created_at: "2018-11-20T16:58:36.453+00:00",
  updated_at: "2018-11-20T16:58:36.453+00:00",
};
const SHOW = JSON.stringify({ side_conversation: SC });
const CREATED = JSON.stringify({
  side_conversation: SC,
  event: { id: "e1", type: "create", created_at: SC.created_at },
});

// Export: EXPORT_EVENTS events, 1,000 a page; 10 events a second, so a page's last second comes again.
const EXPORT_EVENTS = Number(process.env.EXPORT_EVENTS ?? 100_000);
const EXPORT_PAGE = 1000;
const time = (i) => 1_700_000_000 + Math.floor(i / 10);
const exportEvent = (i) =>
  `{"id":"ev-${i}","side_conversation_id":"sc-${i % 97}","ticket_id":${1 + (i % 500)},"type":"reply","via":"api","created_at":"${new Date(time(i) * 1000).toISOString()}","actor":{"user_id":35436,"name":"Johnny Agent","email":"johnny@example.com"},"updates":{},"message":{"subject":null,"preview_text":"I was trying to print an email","body":"I was trying to print an email when the printer suddenly started burning","to":[{"email":"someone@example.com"}],"attachments":[]}}`;

// Conversation log: LOG_EVENTS events, 100 a page.
const LOG_EVENTS = Number(process.env.LOG_EVENTS ?? 20_000);
const logEvent = (i) =>
  `{"id":"log-${i}","type":"Comment","created_at":"${new Date((1_700_000_000 + i) * 1000).toISOString()}","author":{"type":"agent","display_name":"Sample Agent","zen:support:user_id":35436},"content":{"type":"text","body":"Thanks, I'm looking at the printer. Line ${i}."},"metadata":{"custom":{},"system":{}}}`;

// Rate limit: RATE_LIMIT requests per RATE_WINDOW_MS, fixed windows; beyond it, 429 with Retry-After.
const RATE_LIMIT = Number(process.env.RATE_LIMIT ?? 60);
const RATE_WINDOW_MS = Number(process.env.RATE_WINDOW_MS ?? 6000);
const epoch = Date.now();
const windows = new Map(); // window index → { ok, refused }

const server = createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const path = url.pathname.replace(/\.json$/, "");
  const send = (status, body, headers = {}) => {
    response.writeHead(status, { "content-type": "application/json", "x-zendesk-request-id": "bench", ...headers });
    response.end(body);
  };
  request.resume();
  request.on("end", () => {
    if (path === "/api/v2/tickets/side_conversations/events") {
      const start = Number(url.searchParams.get("start_time"));
      const first = Math.max(0, (start - 1_700_000_000) * 10);
      const count = Math.max(0, Math.min(EXPORT_PAGE, EXPORT_EVENTS - first));
      const events = Array.from({ length: count }, (_, k) => exportEvent(first + k));
      const end = count ? time(first + count - 1) : start;
      const last = first + count >= EXPORT_EVENTS;
      const next = last ? "null" : `"http://${request.headers.host}${url.pathname}?start_time=${end}"`;
      return send(200, `{"events":[${events.join(",")}],"next_page":${next},"count":${count},"end_time":${end}}`);
    }
    if (path === "/api/v2/tickets/42/conversation_log") {
      const size = Number(url.searchParams.get("page[size]") ?? 100);
      const after = Number(url.searchParams.get("page[after]") ?? 0);
      const count = Math.max(0, Math.min(size, LOG_EVENTS - after));
      const events = Array.from({ length: count }, (_, k) => logEvent(after + k));
      const more = after + count < LOG_EVENTS;
      const next = more
        ? `"http://${request.headers.host}${url.pathname}?page[size]=${size}&page[after]=${after + count}"`
        : "null";
      return send(
        200,
        `{"events":[${events.join(",")}],"links":{"next":${next},"prev":null},"meta":{"has_more":${more},"after_cursor":"${after + count}","before_cursor":"${after}"}}`,
      );
    }
    if (path === "/api/v2/tickets/7/side_conversations/limited") {
      const now = Date.now() - epoch;
      const index = Math.floor(now / RATE_WINDOW_MS);
      const tally = windows.get(index) ?? { ok: 0, refused: 0 };
      windows.set(index, tally);
      const resetS = Math.ceil(((index + 1) * RATE_WINDOW_MS - now) / 1000);
      if (tally.ok >= RATE_LIMIT) {
        tally.refused++;
        return send(429, '{"error":"TooManyRequests"}', { "retry-after": String(resetS) });
      }
      tally.ok++;
      return send(200, SHOW, {
        "ratelimit-limit": String(RATE_LIMIT),
        "ratelimit-policy": `${RATE_LIMIT};w=${RATE_WINDOW_MS / 1000}`,
        "ratelimit-remaining": String(RATE_LIMIT - tally.ok),
        "ratelimit-reset": String(resetS),
      });
    }
    if (path === "/stats/rate-limit") return send(200, JSON.stringify([...windows.entries()]));
    if (request.method === "POST") return send(201, CREATED);
    return send(200, SHOW);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => process.send?.({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
