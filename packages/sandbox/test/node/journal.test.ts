import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { describe, expect, it } from "vitest";
import { readDataFile, startSandboxServer } from "../../src/node/index.js";
import { linesOf } from "../../src/node/journal.js";

// The data file as a journal: every answered write survives kill -9, the earlier one-document
// format still loads, and a torn last line (a crash while writing it) is said and left out.
const dir = mkdtempSync(join(tmpdir(), "sideconvo-journal-"));
const AUTH = { authorization: `Basic ${btoa("agent@example.com/token:x")}`, "content-type": "application/json" };
const body = (n: number) => JSON.stringify({ message: { body: `message ${n}`, to: [{ email: "a@example.com" }] } });

describe("the data file", () => {
  it("keeps every answered write when the process is killed with SIGKILL", async () => {
    const data = join(dir, "killed.journal");
    // A sandbox of its own process: the built package (turbo builds it before the tests).
    const entry = new URL("../../dist/node/index.js", import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { startSandboxServer } = await import(${JSON.stringify(entry)});
         const s = await startSandboxServer({ oauth: ${JSON.stringify(KEEP_API_TOKENS.oauth)}, port: 0, seed: "empty", data: ${JSON.stringify(data)} });
         console.log(s.url);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once("data", (chunk) => resolve(String(chunk).trim()));
      child.once("exit", (code) => reject(new Error(`the sandbox process exited with ${code} before it listened`)));
    });
    const ids: string[] = [];
    try {
      for (let n = 0; n < 25; n++) {
        const response = await fetch(`${url}/api/v2/tickets/42/side_conversations`, {
          method: "POST",
          headers: AUTH,
          body: body(n),
        });
        expect(response.status).toBe(201);
        ids.push(((await response.json()) as { side_conversation: { id: string } }).side_conversation.id);
      }
    } finally {
      child.kill("SIGKILL"); // also when a write failed: no sandbox process outlives the test
    }
    await new Promise((resolve) => child.once("exit", resolve));
    const again = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
    try {
      expect(again.sandbox.snapshot().side_conversations.map((sc) => sc.id)).toEqual(ids);
      expect(again.sandbox.snapshot().events).toHaveLength(25);
    } finally {
      await again.stop();
    }
  });

  it("loads a file of the earlier format (one document, sideconvoSandbox 1) and goes on as a journal", async () => {
    const data = join(dir, "earlier.json");
    const earlier = {
      sideconvoSandbox: 1,
      tickets: [7],
      side_conversations: [
        { id: "sc-1", ticket_id: 7, created_at: "2025-01-01T00:00:00Z", subject: "Old", participants: [] },
      ],
      events: [],
      attachments: [],
      conversation_log: {},
    };
    writeFileSync(data, JSON.stringify(earlier, null, 2));
    const running = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, data });
    try {
      const shown = await fetch(`${running.url}/api/v2/tickets/7/side_conversations/sc-1.json`, { headers: AUTH });
      expect(((await shown.json()) as { side_conversation: { subject: string } }).side_conversation.subject).toBe(
        "Old",
      );
      expect(JSON.parse(readFileSync(data, "utf8").split("\n")[0] ?? "")).toMatchObject({ sideconvoSandbox: 3 });
    } finally {
      await running.stop();
    }
  });

  it("leaves out a last line cut short by a crash, and says so", async () => {
    const data = join(dir, "torn.journal");
    const first = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
    await fetch(`${first.url}/api/v2/tickets/42/side_conversations`, { method: "POST", headers: AUTH, body: body(1) });
    await first.stop();
    writeFileSync(data, `${readFileSync(data, "utf8")}{"kind":"side_conversation","rec`);
    const said: string[] = [];
    const second = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, data, onLog: (line) => said.push(line) });
    try {
      expect(second.sandbox.snapshot().side_conversations).toHaveLength(1);
      expect(said).toEqual([`${data}: its last line was cut short (a crash while writing it) and is left out`]);
    } finally {
      await second.stop();
    }
  });

  it("refuses a journal changed in the middle, naming the line, and leaves the file as it was", async () => {
    const data = join(dir, "changed.journal");
    const text = `${JSON.stringify({ sideconvoSandbox: 2, data: { tickets: [] } })}\nnot json\n{"kind":"ticket","id":3}\n`;
    writeFileSync(data, text);
    await expect(startSandboxServer({ ...KEEP_API_TOKENS, port: 0, data })).rejects.toThrow(
      `${data}: line 2 is not JSON; refusing to overwrite it`,
    );
    expect(readFileSync(data, "utf8")).toBe(text);
  });

  it("loads a file of format 2 (every record on line 1) and rewrites it as format 3, a record a line", async () => {
    const data = join(dir, "format2.journal");
    const records = {
      tickets: [7],
      side_conversations: [
        { id: "sc-1", ticket_id: 7, created_at: "2025-01-01T00:00:00Z", subject: "Two", participants: [] },
      ],
      events: [
        { id: "ev-1", side_conversation_id: "sc-1", type: "create", created_at: "2025-01-01T00:00:00Z", updates: {} },
      ],
      attachments: [],
      conversation_log: { 7: [] },
    };
    writeFileSync(
      data,
      `${JSON.stringify({ sideconvoSandbox: 2, data: records })}\n${JSON.stringify({ kind: "ticket", id: 9 })}\n`,
    );
    const running = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, data });
    await running.stop();
    const lines = readFileSync(data, "utf8").trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { sideconvoSandbox: 3, tickets: [7, 9], conversation_log: { 7: [] } },
      { kind: "side_conversation", record: records.side_conversations[0] },
      { kind: "event", record: records.events[0] },
    ]);
    expect(readDataFile(data).data).toEqual({ ...records, tickets: [7, 9] });
  });

  it("reads lines longer than its read size, and characters split across two reads, whole", () => {
    const file = join(dir, "lines.txt");
    // 1 MiB is one read: a line of 2.5 MiB, then one whose 3-byte character straddles the next read's edge.
    const long = "x".repeat(2.5 * 1024 * 1024);
    const straddling = `${"y".repeat(1024 * 1024 - ((long.length + 1) % (1024 * 1024)) - 1)}雪雪雪`;
    writeFileSync(file, `${long}\n${straddling}\n\nlast without newline`);
    expect([...linesOf(file)]).toEqual([long, straddling, "", "last without newline"]);
  });
});
