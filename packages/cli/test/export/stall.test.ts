import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, loopback } from "../support/loopback.js";
import { credentials, expectNoSecret, run } from "../support/run.js";

// The export as the vendor's time-based exports page it (up to PAGE events from start_time on,
// end_time = the last event's second, next_page = ?start_time=end_time), with 150 events in one
// busy second and pages of 100: the API cannot page inside that second.
const S = 1_700_000_000;
const PAGE = 100;
const events = [
  ...Array.from({ length: 150 }, (_, i) => ({ id: `busy-${i}`, second: S })),
  ...Array.from({ length: 50 }, (_, i) => ({ id: `later-${i}`, second: S + 1 + i })),
];
let total = events.length; // a test adds one event later
const eventAt = (i: number) => {
  const { id, second } = events[i] ?? { id: `new-${i}`, second: S + 1000 };
  return { id, type: "reply", side_conversation_id: "sc-1", created_at: new Date(second * 1000).toISOString() };
};
const secondOf = (i: number) => events[i]?.second ?? S + 1000;

/** In the OAuth test, the tokens already used: each is good for one request, then expired. */
let used: Set<string> | null = null;

let server: Awaited<ReturnType<typeof loopback>>;
beforeAll(async () => {
  server = await loopback((request, response, url) => {
    const authorization = request.headers.authorization ?? "";
    if (used && (!authorization.startsWith("Bearer secret-token-") || used.has(authorization)))
      return json(response, 401, { error: "Couldn't authenticate you" });
    used?.add(authorization);
    const start = Number(url.searchParams.get("start_time"));
    let first = 0;
    while (first < total && secondOf(first) < start) first++;
    const page = Array.from({ length: Math.min(PAGE, total - first) }, (_, k) => eventAt(first + k));
    const end = page.length ? secondOf(first + page.length - 1) : start;
    const more = first + page.length < total;
    json(response, 200, {
      events: page,
      count: page.length,
      end_time: end,
      next_page: more ? `${server.url}/api/v2/tickets/side_conversations/events.json?start_time=${end}` : null,
    });
  });
});
afterAll(() => server.close());

const env = (more: Record<string, string> = {}) => ({ SIDECONVO_BASE_URL: server.url, ...credentials, ...more });
const ids = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { id: string }).id);

describe("export in a busy second", () => {
  it("exits 8 with one sentence and a checkpoint, then resumes past it with --skip-stalled, nothing twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-stall-"));
    const out = join(dir, "events.ndjson");
    const cp = join(dir, "cp.json");
    const args = ["export", "--since", String(S), "--out", out, "--checkpoint", cp];

    const stuck = await run(args, env());
    expect(stuck.code, stuck.stderr).toBe(8);
    expect(stuck.stderr).toBe(
      `sideconvo: The export is stuck at 2023-11-14T22:13:20Z (second ${S}): 100 events of that second delivered, ` +
        `but more share it than the API puts on one page. Resume with the same --checkpoint ${cp} and --skip-stalled ` +
        "to go past it (the rest of that second is then skipped and recorded).\n",
    );
    expect(ids(out)).toEqual(events.slice(0, 100).map((e) => e.id));
    const saved = JSON.parse(readFileSync(cp, "utf8"));
    expect(saved.checkpoint.startTime).toBe(S);
    expect(saved.events).toBe(100);

    // Without --skip-stalled the same checkpoint stalls again, and writes nothing more.
    expect((await run(args, env())).code).toBe(8);
    expect(ids(out)).toHaveLength(100);

    const resumed = await run([...args, "--skip-stalled"], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(
      `Skipped the rest of a busy second: 2023-11-14T22:13:20Z (second ${S}, 100 events of it delivered); recorded in the checkpoint.`,
    );
    expect(resumed.stderr).toMatch(/^Exported 50 new events \(150 in total; \d+ pages?, 0 rate-limit waits\)/m);
    expect(resumed.stderr).toContain("Not exported: the rest of 1 busy second skipped with --skip-stalled");
    const written = ids(out);
    expect(written).toEqual([...events.slice(0, 100), ...events.slice(150)].map((e) => e.id));
    expect(JSON.parse(readFileSync(cp, "utf8")).checkpoint.skipped).toEqual([{ second: S, delivered: 100 }]);
  });

  it("without --checkpoint, says how to be able to resume", async () => {
    const result = await run(["export", "--since", String(S)], env());
    expect(result.code).toBe(8);
    expect(result.stderr).toContain("Run again with --checkpoint FILE to resume from here, and --skip-stalled");
    expect(result.stdout.trim().split("\n")).toHaveLength(100);
  });

  it("a resumed export reports what is new and the total", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-stall-"));
    const out = join(dir, "events.ndjson");
    const cp = join(dir, "cp.json");
    const args = ["export", "--since", String(S + 1), "--out", out, "--checkpoint", cp];
    const first = await run(args, env());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^Exported 50 events \(/);
    total++; // one new event arrives
    try {
      const again = await run(args, env());
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/^Exported 1 new event \(51 in total; /);
      expect(ids(out)).toHaveLength(51);
    } finally {
      total--;
    }
  });
});

describe("an export that outlives its OAuth token", () => {
  it("runs ZENDESK_OAUTH_TOKEN_COMMAND again after a 401 and completes, each event once, no token shown", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-token-"));
    // A token command that hands out token-1, token-2, …; the server expires each after one page.
    const counter = join(dir, "n");
    writeFileSync(counter, "0");
    const script = join(dir, "token.sh");
    writeFileSync(
      script,
      `#!/bin/sh\nn=$(($(cat "${counter}") + 1))\necho $n > "${counter}"\necho "secret-token-$n"\n`,
    );
    chmodSync(script, 0o755);
    const out = join(dir, "events.ndjson");
    used = new Set();
    try {
      // Three reads: the busy second, its repeat, and the next second (skipped past).
      const result = await run(["export", "--since", String(S), "--out", out, "--skip-stalled"], {
        SIDECONVO_BASE_URL: server.url,
        ZENDESK_OAUTH_TOKEN_COMMAND: script,
      });
      expect(result.code, result.stderr).toBe(0);
      expect(ids(out)).toEqual([...events.slice(0, 100), ...events.slice(150)].map((e) => e.id));
      // One token a page: the first from the command, each later one after a 401.
      expect(Number(readFileSync(counter, "utf8"))).toBe(used.size);
      expect(used.size).toBeGreaterThan(1);
      expect(`${result.stdout}${result.stderr}`).not.toContain("secret-token");
    } finally {
      used = null;
    }
  });

  it("a token command that fails exits 3, with its exit code and first line of stderr", async () => {
    const result = await run(["export", "--since", String(S)], {
      SIDECONVO_BASE_URL: server.url,
      ZENDESK_OAUTH_TOKEN_COMMAND: "echo 'refresh token revoked' >&2; echo half-a-token; exit 4",
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      "Could not get a token: the auth.oauthToken provider failed: ZENDESK_OAUTH_TOKEN_COMMAND exited with 4: refresh token revoked.",
    );
    expect(result.stderr).not.toContain("half-a-token");
    expectNoSecret(result.stderr);
  });
});
