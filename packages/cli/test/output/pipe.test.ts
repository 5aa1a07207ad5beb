import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, loopback } from "../support/loopback.js";
import { cliPath, credentials } from "../support/run.js";

// `sideconvo … | head -1`: the reader closes the pipe after a line. As Unix tools do, the command
// stops at once, prints nothing more and exits 0 (it used to die on an unhandled EPIPE, exit 1).
const at = (i: number) => new Date((1_700_000_000 + i) * 1000).toISOString();
let server: Awaited<ReturnType<typeof loopback>>;
beforeAll(async () => {
  server = await loopback((_request, response, url) => {
    if (url.pathname.includes("/side_conversations/events")) {
      const start = Number(url.searchParams.get("start_time"));
      const events = Array.from({ length: 1000 }, (_, k) => ({
        id: `ev-${start}-${k}`,
        type: "reply",
        created_at: at(start - 1_700_000_000 + k),
      }));
      return json(response, 200, {
        events,
        end_time: start + 999,
        next_page: `${server.url}/api/v2/tickets/side_conversations/events.json?start_time=${start + 999}`,
      });
    }
    const after = Number(url.searchParams.get("page[after]") ?? 0);
    const events = Array.from({ length: 100 }, (_, k) => ({
      id: `log-${after + k}`,
      type: "Comment",
      created_at: at(after + k),
      author: { type: "agent", display_name: "Agent" },
      content: { type: "text", text: "Hello" },
    }));
    json(response, 200, {
      events,
      links: { next: `${server.url}/api/v2/tickets/42/conversation_log.json?page%5Bafter%5D=${after + 100}` },
      meta: { has_more: true, after_cursor: String(after + 100) },
    });
  });
});
afterAll(() => server.close());

/** Runs the CLI, reads one line of its stdout, then closes the pipe, as `| head -1` does. */
function firstLine(args: string[]) {
  return new Promise<{ code: number | null; line: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { PATH: process.env.PATH ?? "", SIDECONVO_BASE_URL: server.url, ...credentials },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) child.stdout.destroy();
    });
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, line: out.split("\n")[0] ?? "", stderr }));
  });
}

describe("output into a pipe closed early", () => {
  it.each([
    ["export --since 0", ["export", "--since", "1700000000"], /"id":"ev-/],
    ["log 42 (NDJSON into a pipe)", ["log", "42"], /"id":"log-0"/],
  ])("%s ends quietly with exit 0", async (_name, args, first) => {
    const { code, line, stderr } = await firstLine(args);
    expect(line).toMatch(first);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
