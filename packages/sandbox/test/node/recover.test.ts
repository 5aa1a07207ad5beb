import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { describe, expect, it } from "vitest";
import { startSandboxServer } from "../../src/node/index.js";

// A data file that does not load is named with its line; `recover` keeps what loads and moves the
// rest aside (never deleted); one process per data file; slow connections are closed.
const dir = () => mkdtempSync(join(tmpdir(), "sideconvo-recover-"));
const AUTH = { authorization: `Basic ${btoa("agent@example.com/token:x")}`, "content-type": "application/json" };
const create = (url: string, n: number) =>
  fetch(`${url}/api/v2/tickets/42/side_conversations`, {
    method: "POST",
    headers: AUTH,
    body: JSON.stringify({ message: { body: `message ${n}`, to: [{ email: "a@example.com" }] } }),
  });

/** A journal of three creates, with `poison` written into the middle of it as line 4. */
async function poisoned(poison: string) {
  const data = join(dir(), "sandbox.journal");
  const server = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
  for (let n = 0; n < 3; n++) expect((await create(server.url, n)).status).toBe(201);
  await server.stop();
  const lines = readFileSync(data, "utf8").split("\n");
  lines.splice(3, 0, poison);
  writeFileSync(data, lines.join("\n"));
  return data;
}

const badLines = [
  [
    "an id journaled as null (1e400 once was)",
    '{"kind":"ticket","id":null}',
    "a ticket id must be a positive integer, got null",
  ],
  [
    "a date that is not a date",
    '{"kind":"side_conversation","record":{"id":"x","ticket_id":42,"created_at":"2025-19-39T29:59:59Z"}}',
    'side_conversation.created_at must be a date-time that is a real instant, got "2025-19-39T29:59:59Z"',
  ],
  ["a line that is not JSON", "{not json", "is not JSON"],
  [
    "an event of a side conversation it does not have",
    '{"kind":"event","record":{"id":"e","side_conversation_id":"nope","type":"reply","created_at":"2025-01-01T00:00:00Z"}}',
    "which the sandbox does not have",
  ],
];

describe("a data file with a line that does not load", () => {
  it.each(badLines)("%s: the start names the file and the line, and overwrites nothing", async (_, poison, problem) => {
    const data = await poisoned(poison);
    const before = readFileSync(data, "utf8");
    await expect(startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data })).rejects.toThrow(
      `${data}: line 4`,
    );
    await expect(startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data })).rejects.toThrow(problem);
    await expect(startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data })).rejects.toThrow(
      "start with --recover",
    );
    expect(readFileSync(data, "utf8")).toBe(before);
  });

  it.each(badLines)("%s: recover keeps every other write and moves the line aside, said once", async (_, poison) => {
    const data = await poisoned(poison);
    const said: string[] = [];
    const server = await startSandboxServer({
      ...KEEP_API_TOKENS,
      port: 0,
      seed: "empty",
      data,
      recover: true,
      onLog: (line) => said.push(line),
    });
    try {
      expect(server.sandbox.snapshot().side_conversations).toHaveLength(3);
      expect(server.sandbox.snapshot().events).toHaveLength(3);
      expect(said).toEqual([
        `${data}: 1 line(s) did not load (line 4) and were moved to ${data}.rejected; the rest is kept`,
      ]);
      const aside = readFileSync(`${data}.rejected`, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(aside).toEqual([expect.objectContaining({ line: 4, text: poison })]);
      expect((await create(server.url, 9)).status).toBe(201);
    } finally {
      await server.stop();
    }
    // The compacted file loads again without recover.
    const again = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
    expect(again.sandbox.snapshot().side_conversations).toHaveLength(4);
    await again.stop();
  });

  it("a torn last line is said through onLog (the mock's CLI prints it without --verbose)", async () => {
    const data = await poisoned("");
    appendFileSync(data, '{"kind":"ticket","i');
    const said: string[] = [];
    const server = await startSandboxServer({
      ...KEEP_API_TOKENS,
      port: 0,
      seed: "empty",
      data,
      onLog: (line) => said.push(line),
    });
    await server.stop();
    expect(said).toEqual([`${data}: its last line was cut short (a crash while writing it) and is left out`]);
  });
});

describe("one process per data file", () => {
  it("a second sandbox on the same file is refused, naming the pid; after a stop it starts", async () => {
    const data = join(dir(), "sandbox.journal");
    const first = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
    await expect(startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data })).rejects.toThrow(
      `${data} is in use by another sandbox (pid ${process.pid}`,
    );
    await first.stop();
    expect(existsSync(`${data}.lock`)).toBe(false);
    const second = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
    await second.stop();
  });

  it("the lock of a process that is gone (killed) is taken over", async () => {
    const data = join(dir(), "sandbox.journal");
    writeFileSync(`${data}.lock`, "2147483646"); // no such process
    const server = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: "empty", data });
    expect(readFileSync(`${data}.lock`, "utf8")).toBe(String(process.pid));
    await server.stop();
  });
});

describe("slow connections", () => {
  it("a client that never finishes its headers is cut off after headersMs, and others are served", async () => {
    const server = await startSandboxServer({
      ...KEEP_API_TOKENS,
      port: 0,
      timeouts: { headersMs: 300, requestMs: 600 },
    });
    try {
      const port = Number(new URL(server.url).port);
      const started = Date.now();
      const closed = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, "127.0.0.1", () =>
          socket.write("GET /api/v2/tickets/42/side_conversations HTTP/1.1\r\nHost: x"),
        );
        let text = "";
        socket.setEncoding("utf8").on("data", (chunk) => (text += chunk));
        socket.on("close", () => resolve(text));
        socket.on("error", reject);
      });
      expect(closed).toMatch(/^HTTP\/1\.1 408|^$/); // Node answers 408, or closes
      expect(Date.now() - started).toBeLessThan(5_000);
      const response = await fetch(`${server.url}/api/v2/tickets/42/side_conversations`, { headers: AUTH });
      expect(response.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
