import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, loopback } from "../support/loopback.js";
import { cliPath, credentials, run } from "../support/run.js";

// A loopback export of 12,000 events in pages of 500. Events share seconds (40 a second), so each
// page's last second comes again at the start of the next page, as the real export does: the
// client must drop those repeats, and a resumed run must neither lose nor repeat anything.
const TOTAL = 12_000;
const PAGE = 500;
const PER_SECOND = 40;
const time = (i: number) => 1_700_000_000 + Math.floor(i / PER_SECOND);
const event = (i: number) => ({
  id: `ev-${i}`,
  side_conversation_id: `sc-${i % 7}`,
  ticket_id: 42,
  type: "reply",
  created_at: new Date(time(i) * 1000).toISOString(),
  updates: {},
});

let server: Awaited<ReturnType<typeof loopback>>;
beforeAll(async () => {
  server = await loopback((_request, response, url) => {
    const start = Number(url.searchParams.get("start_time"));
    let first = 0;
    while (first < TOTAL && time(first) < start) first++;
    const events = Array.from({ length: Math.min(PAGE, TOTAL - first) }, (_, k) => event(first + k));
    const last = first + events.length >= TOTAL;
    const end = events.length ? time(first + events.length - 1) : start;
    // A little slower than loopback, so that a kill lands mid-export.
    setTimeout(
      () =>
        json(response, 200, {
          events,
          end_time: end,
          count: events.length,
          next_page: last ? null : `${server.url}/api/v2/tickets/side_conversations/events?start_time=${end}`,
        }),
      15,
    );
  });
});
afterAll(() => server.close());

const env = () => ({ PATH: process.env.PATH ?? "", SIDECONVO_BASE_URL: server.url, ...credentials });
const ids = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { id: string }).id);

/** Starts the export and kills it (SIGKILL, no chance to clean up) once `bytes` are written. */
function killedAt(args: string[], out: string, bytes: number, signal: NodeJS.Signals) {
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: env(), stdio: ["ignore", "ignore", "pipe"] });
    const poll = setInterval(() => {
      if (existsSync(out) && statSync(out).size >= bytes) {
        clearInterval(poll);
        child.kill(signal);
      }
    }, 5);
    child.on("error", reject);
    child.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve(sig ? -1 : code);
    });
  });
}

describe("export --checkpoint", () => {
  const expected = Array.from({ length: TOTAL }, (_, i) => `ev-${i}`);

  it("an uninterrupted run writes every event once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const result = await run(["export", "--since", "0", "--out", join(dir, "all.ndjson")], env());
    expect(result.code, result.stderr).toBe(0);
    expect(ids(join(dir, "all.ndjson"))).toEqual(expected);
    expect(server.seen.length).toBeGreaterThan(TOTAL / PAGE); // boundary repeats make more pages than TOTAL/PAGE
  });

  it("killed (SIGKILL) twice midway and resumed, it writes exactly the events of an uninterrupted run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const out = join(dir, "events.ndjson");
    const args = ["export", "--since", "0", "--out", out, "--checkpoint", join(dir, "cp.json")];
    const size = 12_000 * 150; // roughly the whole file
    expect(await killedAt(args, out, size * 0.25, "SIGKILL")).toBe(-1);
    const partial = ids(out).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(TOTAL);
    expect(await killedAt(args, out, size * 0.7, "SIGKILL")).toBe(-1);
    const resumed = await run(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ids(out)).toEqual(expected);
  });

  it("interrupted (SIGINT) it saves its checkpoint, exits 130, and resumes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const out = join(dir, "events.ndjson");
    const args = ["export", "--since", "0", "--out", out, "--checkpoint", join(dir, "cp.json")];
    expect(await killedAt(args, out, 500_000, "SIGINT")).toBe(130);
    const saved = JSON.parse(readFileSync(join(dir, "cp.json"), "utf8"));
    expect(saved.outBytes).toBe(statSync(out).size); // the checkpoint covers exactly what was written
    const resumed = await run(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ids(out)).toEqual(expected);
  });

  it("refuses a damaged checkpoint, naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-export-"));
    const cp = join(dir, "cp.json");
    await import("node:fs").then(({ writeFileSync }) =>
      writeFileSync(cp, '{"version":1,"checkpoint":{"startTime":"soon"}}'),
    );
    const result = await run(["export", "--checkpoint", cp, "--out", join(dir, "x.ndjson")], env());
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`the checkpoint "${cp}" is not a sideconvo export checkpoint`);
  });
});
