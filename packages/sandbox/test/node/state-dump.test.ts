import { connect } from "node:net";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { describe, expect, it } from "vitest";
import { createSandbox, type SandboxData } from "../../src/index.js";
import { startSandboxServer } from "../../src/node/index.js";

// GET /__sandbox/state of a large state: made and sent in chunks (the event loop free between
// them, so the sandbox goes on answering), one moment of the state (a write made while it is sent
// is not half in it), and a client that stops reading holds nothing else up.
const AUTH = { authorization: `Basic ${btoa("agent@example.com/token:x")}`, "content-type": "application/json" };

function seed(n: number): SandboxData {
  const start = Date.UTC(2025, 0, 1);
  const side_conversations = [];
  const events = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(start + i * 1000).toISOString();
    const id = `sc-${i}`;
    side_conversations.push({
      id,
      ticket_id: 42,
      subject: `n${i} ${"·".repeat(200)}`,
      participants: [],
      created_at: at,
    });
    events.push({ id: `ev-${i}`, side_conversation_id: id, type: "create", created_at: at, updates: {} });
  }
  return { tickets: [42], side_conversations, events, attachments: [], conversation_log: {} } as SandboxData;
}

const admin = (path: string) => ({
  method: "GET",
  url: `http://localhost${path}`,
  header: () => null,
  text: async () => "",
  formData: async () => new FormData(),
});

describe("the state dump", () => {
  it("is the state's JSON text, in chunks", async () => {
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: seed(3_000) });
    const answered = await sandbox.answer(admin("/__sandbox/state"));
    expect(answered.status).toBe(200);
    expect(typeof answered.body).not.toBe("string");
    const chunks = [...(answered.body as Iterable<string>)];
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.join("")).toBe(JSON.stringify(sandbox.snapshot()));
    // Through handle (a Response with a stream body), the same text.
    const response = await sandbox.handle(new Request("http://localhost/__sandbox/state"));
    expect(await response.text()).toBe(chunks.join(""));
  });

  it("is one moment: a reply made while it is being sent is not in it", async () => {
    const sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: seed(3_000) });
    const before = sandbox.snapshot();
    const answered = await sandbox.answer(admin("/__sandbox/state"));
    const chunks = (answered.body as Iterable<string>)[Symbol.iterator]();
    const first = chunks.next().value as string;
    // sc-0 comes in the first chunk, sc-2999 in a later one: change both, and add an event.
    for (const id of ["sc-0", "sc-2999"]) {
      const reply = await sandbox.fetch(`http://localhost/api/v2/tickets/42/side_conversations/${id}/reply`, {
        method: "POST",
        headers: AUTH,
        body: JSON.stringify({ message: { body: "later", to: [{ email: "late@example.com" }] } }),
      });
      expect(reply.status).toBe(200);
    }
    let text = first;
    for (let next = chunks.next(); !next.done; next = chunks.next()) text += next.value;
    expect(JSON.parse(text)).toEqual(before);
    const after = sandbox.snapshot();
    expect(after.events).toHaveLength(before.events.length + 2);
    expect(after.side_conversations.at(-1)?.preview_text).toBe("later");
  });

  it("over HTTP: sent chunked, and a client that stops reading it holds up no other request", async () => {
    const running = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, seed: seed(20_000) });
    const port = Number(new URL(running.url).port);
    const stalled = connect(port, "127.0.0.1");
    try {
      const head = await new Promise<string>((resolve, reject) => {
        stalled.once("data", (chunk) => {
          stalled.pause(); // reads nothing more: the sandbox's socket fills and waits
          resolve(String(chunk));
        });
        stalled.once("error", reject);
        stalled.write("GET /__sandbox/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      });
      expect(head).toMatch(/^HTTP\/1\.1 200/);
      expect(head.toLowerCase()).toContain("transfer-encoding: chunked");
      const list = await fetch(`${running.url}/api/v2/tickets/42/side_conversations.json?per_page=1`, {
        headers: AUTH,
      });
      expect(list.status).toBe(200);
      expect(((await list.json()) as { count: number }).count).toBe(20_000);
      // And read whole by a client that does read, it is the state.
      const whole = await fetch(`${running.url}/__sandbox/state`);
      expect(((await whole.json()) as SandboxData).side_conversations).toHaveLength(20_000);
    } finally {
      stalled.destroy();
      await running.stop();
    }
  });
});
