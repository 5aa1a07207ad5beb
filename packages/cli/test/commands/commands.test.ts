import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { credentials, expectNoSecret, run } from "../support/run.js";

// Every command, run in-process as the binary runs it (test/support/run.ts), against the mock (real Prism on the spec, --errors on):
// a request that broke the spec would be refused with 422 and the command would fail.
const env = { SIDECONVO_BASE_URL: inject("sideconvoMockUrl"), ...credentials };
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";
const dir = mkdtempSync(join(tmpdir(), "sideconvo-cli-"));
writeFileSync(join(dir, "printer.log"), "Printer log, line 1\n");
const lines = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));

async function ok(args: string[], extraEnv: Record<string, string> = {}) {
  const result = await run(args, { ...env, ...extraEnv }, { cwd: dir });
  expect(result.stderr.includes("sideconvo:") ? result.stderr : "", args.join(" ")).toBe("");
  expect(result.code, result.stderr).toBe(0);
  expectNoSecret(result.stdout + result.stderr);
  return result;
}

describe("sideconvo against the mock", () => {
  it("list: a table, or NDJSON with --json", async () => {
    const table = await ok(["list", "42"]);
    expect(table.stdout).toMatch(/^ID\s+STATE\s+TYPE\s+UPDATED\s+SUBJECT\n/);
    expect(table.stdout).toContain(ID);
    expect(table.stdout).not.toContain("\u001b["); // no colour when stdout is not a terminal
    const records = lines((await ok(["--json", "list", "42"])).stdout);
    expect(records.length).toBeGreaterThan(0);
    expect(records[0]).toMatchObject({ id: ID, state: expect.any(String) });
  });

  it("show, with --events and --json", async () => {
    expect((await ok(["show", "42", ID])).stdout).toMatch(/^id\s+8566255a/);
    const shown = JSON.parse((await ok(["--json", "show", "42", ID, "--events"])).stdout);
    expect(shown.side_conversation.id).toBe(ID);
  });

  it.each([
    ["email", "someone@example.com,other@example.com"],
    ["email by user id", "user:123"],
    ["Slack", "slack:T123ABC/C456DEF"],
    ["child ticket", "group:123/456"],
    ["Microsoft Teams", "teams:19:abc123@thread.tacv2"],
  ])("create (%s) with flags never prompts", async (_kind, to) => {
    const created = await ok(["create", "--ticket", "42", "--subject", "Printer", "--body", "On fire", "--to", to]);
    expect(created.stdout).toMatch(/^Created side conversation \S+ on ticket 42/);
  });

  it("create with an attachment uploads it first", async () => {
    const created = await ok([
      "--json",
      "create",
      "--ticket",
      "42",
      "--subject",
      "Log",
      "--body",
      "See",
      "--to",
      "a@example.com",
      "--attach",
      "printer.log",
    ]);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: expect.any(String) });
  });

  it("reply, update, close, reopen", async () => {
    expect((await ok(["reply", "42", ID, "--body", "Any news?", "--to", "someone@example.com"])).stdout).toMatch(
      /^Replied to side conversation/,
    );
    expect((await ok(["update", "42", ID, "--subject", "New subject"])).stdout).toMatch(/^Updated side conversation/);
    expect((await ok(["close", "42", ID])).stdout).toMatch(/^Closed side conversation/);
    expect((await ok(["reopen", "42", ID])).stdout).toMatch(/^Reopened side conversation/);
  });

  it("events: a table, or NDJSON", async () => {
    expect((await ok(["events", "42", ID])).stdout).toMatch(/^CREATED\s+TYPE\s+ACTOR\s+MESSAGE\n/);
    expect(lines((await ok(["--json", "events", "42", ID, "--limit", "1"])).stdout)).toHaveLength(1);
  });

  it("import a side conversation from a file, and events --into one", async () => {
    const events = [
      {
        created_at: "2022-10-05T20:47:02.230Z",
        message: {
          subject: "Old",
          body: "From the old system",
          to: [{ email: "someone@example.com" }],
          from: { email: "requester@example.com" },
        },
      },
    ];
    writeFileSync(
      join(dir, "conversation.json"),
      JSON.stringify({ side_conversation: { subject: "Imported", state: "open" }, events }),
    );
    writeFileSync(join(dir, "events.json"), JSON.stringify({ events }));
    expect((await ok(["import", "42", "conversation.json"])).stdout).toMatch(/^Imported 1 event as side conversation/);
    expect((await ok(["import", "42", "events.json", "--into", ID])).stdout).toMatch(
      /^Imported 1 event into side conversation/,
    );
  });

  it("attach uploads each file and prints its id", async () => {
    const attached = await ok(["attach", "printer.log"]);
    expect(attached.stdout).toMatch(/^ATTACHMENT ID\s+FILE\s+TYPE\s+BYTES\n\S+\s+printer\.log\s+text\/plain/);
  });

  it("log: NDJSON when stdout is not a terminal", async () => {
    const events = lines((await ok(["log", "42"])).stdout);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ id: expect.any(String), type: expect.any(String) });
  });

  it("export: NDJSON to stdout, or to --out with a checkpoint", async () => {
    const exported = await ok(["export", "--since", "2026-11-01T00:00:00Z"]);
    const events = lines(exported.stdout);
    expect(events.length).toBeGreaterThan(0);
    // The mock's export: a page of events, then one that brings nothing new.
    expect(exported.stderr).toContain(`Exported ${events.length} events (2 pages, 0 rate-limit waits)`);
    await ok(["export", "--since", "7d", "--out", "events.ndjson", "--checkpoint", "cp.json"]);
    expect(lines(readFileSync(join(dir, "events.ndjson"), "utf8"))).toEqual(events);
    expect(JSON.parse(readFileSync(join(dir, "cp.json"), "utf8"))).toMatchObject({ version: 1, events: events.length });
  });

  it("--mock runs a command against the sandbox in this process, with no credentials at all", async () => {
    const result = await run(["--mock", "list", "42"], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(ID);
    // The sandbox says 404 for what does not exist (Prism answered any id with the example, exit 0).
    const missing = await run(["--mock", "show", "42", "nope"], {});
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('Side conversation "nope" is not on ticket 42');
    // A create answers with the new side conversation, not the spec's example.
    const created = await run(
      ["--mock", "--json", "create", "--ticket", "7", "--subject", "New", "--body", "B", "--to", "a@example.com"],
      {},
    );
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ ticket_id: 7, subject: "New" });
    expect(created.stdout).not.toContain(ID);
  });

  it("--mock --prism runs it against Prism, the stateless contract mock, instead", async () => {
    const result = await run(["--mock", "--prism", "show", "42", "nope"], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(ID);
  });

  it("--mock verify finds the sandbox's ticket without flags and passes", async () => {
    const result = await run(["--mock", "verify"], {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("ticket 42 (found in the export, from its start)");
    expect(result.stdout).toContain("every answer holds");
  });
});
