import { createRequire } from "node:module";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockUrl } from "../support/recorder.js";
import { checkResponse } from "../support/spec.js";

// A client nobody here wrote: node-zendesk 6.0.1 (pinned), the only JavaScript SDK with side
// conversations, pointed at the mock the way its README says, every side-conversation method it
// has. It writes `.json` after every path, sends `Content-Type: application/json` on GETs,
// `Accept: application/json` and its own User-Agent, and follows `next_page` links as given.
// Its transport is wrapped only to record what went over the wire (and, for paging, to pick the
// page's example by the page number in the URL).
const require = createRequire(import.meta.url);
const zendesk = require("node-zendesk") as {
  createClient(options: Record<string, unknown>): {
    sideconversations: {
      list(ticketId: number): Promise<Record<string, unknown>[]>;
      show(ticketId: number, id: string): Promise<{ result: unknown }>;
      create(ticketId: number, body: unknown): Promise<{ result: unknown }>;
      reply(ticketId: number, id: string, body: unknown): Promise<{ result: unknown }>;
      update(ticketId: number, id: string, body: unknown): Promise<{ result: unknown }>;
      attachments(file: ArrayBuffer, options: { filename: string }): Promise<unknown>;
    };
  };
};

// node-zendesk's own fetch, as it resolves it (not a dependency of this package).
const ownRequire = createRequire(require.resolve("node-zendesk"));
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";

interface Sent {
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  violations: string | null;
  body: unknown;
}

function nodeZendesk(prefer?: (url: string) => string | undefined, base = mockUrl()) {
  const sent: Sent[] = [];
  const client = zendesk.createClient({
    username: "agent@example.com",
    token: "nz-secret-token",
    endpointUri: `${base}/api/v2`,
    transportConfig: {
      // node-zendesk's own default is cross-fetch (node-fetch 2 in Node); the same one is used here.
      async transportFn(uri: string, options: { method: string; headers: Record<string, string>; body?: unknown }) {
        const { fetch } = ownRequire("cross-fetch") as { fetch: typeof globalThis.fetch };
        const choice = prefer?.(uri);
        const headers = choice ? { ...options.headers, Prefer: choice } : options.headers;
        const response = await fetch(uri, { ...options, headers } as RequestInit);
        const text = await response.clone().text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
        sent.push({
          method: options.method,
          url: uri,
          status: response.status,
          headers: options.headers,
          violations: response.headers.get("sl-violations"),
          body,
        });
        return response;
      },
      responseAdapter: (response: Response) => ({
        json: () => response.json(),
        status: response.status,
        headers: { get: (name: string) => response.headers.get(name) },
        statusText: response.statusText,
      }),
    },
  });
  return { client: client.sideconversations, sent };
}

/** Every exchange went to a `.json` path, without a violation, and answered as the spec says. */
function expectClean(sent: Sent[]) {
  expect(sent.length).toBeGreaterThan(0);
  for (const exchange of sent) {
    expect(new URL(exchange.url).pathname).toMatch(/\.json$/);
    expect(exchange.violations).toBeNull();
    expect(checkResponse(exchange.method, exchange.url, exchange.status, exchange.body)).toEqual([]);
  }
}

describe("node-zendesk 6.0.1 against the mock", () => {
  it("list: the side conversations of a ticket", async () => {
    const { client, sent } = nodeZendesk();
    const list = await client.list(42);
    expect(list.map((sc) => sc.id)).toEqual([ID, "e9ad3991-35e8-445e-a8cc-3d56862cb1f7"]);
    expectClean(sent);
    expect(sent[0]?.headers).toMatchObject({ "Content-Type": "application/json", Accept: "application/json" });
    expect(sent[0]?.headers["User-Agent"]).toMatch(/^node-zendesk\/6\.0\.1/);
  });

  it("list: follows the mock's next_page (.json, on the mock's origin) to the last page", async () => {
    const { client, sent } = nodeZendesk((url) =>
      url.includes("page=2") ? "example=SideConversationListSecondPage" : "example=SideConversationListFirstPage",
    );
    const list = await client.list(42);
    expect(list.map((sc) => sc.id)).toEqual([ID, "e9ad3991-35e8-445e-a8cc-3d56862cb1f7"]);
    expect(sent.map((exchange) => exchange.url)).toEqual([
      `${mockUrl()}/api/v2/tickets/42/side_conversations.json`,
      `${mockUrl()}/api/v2/tickets/42/side_conversations.json?page=2&per_page=1`,
    ]);
    expectClean(sent);
  });

  it("show: one side conversation, the id without .json", async () => {
    const { client, sent } = nodeZendesk();
    const { result } = await client.show(42, ID);
    expect(result).toMatchObject({ side_conversation: { id: ID } });
    expect(sent[0]?.url).toBe(`${mockUrl()}/api/v2/tickets/42/side_conversations/${ID}.json`);
    expectClean(sent);
  });

  it("create: an email side conversation, with external ids", async () => {
    const { client, sent } = nodeZendesk();
    const { result } = await client.create(42, {
      message: { subject: "Printer", body: "It is on fire.", to: [{ email: "someone@example.com" }] },
      external_ids: { mine: "1" },
    });
    expect(result).toMatchObject({ side_conversation: { id: expect.any(String) }, event: { type: "create" } });
    expect(sent[0]).toMatchObject({ method: "POST", status: 201 });
    expectClean(sent);
  });

  it("reply: a message on a side conversation", async () => {
    const { client, sent } = nodeZendesk();
    const { result } = await client.reply(42, ID, {
      message: { body: "Any news?", to: [{ email: "someone@example.com" }] },
    });
    expect(result).toMatchObject({ side_conversation: { id: ID }, event: { type: "reply" } });
    expectClean(sent);
  });

  it("update: close a side conversation", async () => {
    const { client, sent } = nodeZendesk();
    const { result } = await client.update(42, ID, { side_conversation: { state: "closed" } });
    expect(result).toMatchObject({ side_conversation: { id: ID } });
    expect(sent[0]).toMatchObject({ method: "PUT", status: 200 });
    expectClean(sent);
  });

  it("a request node-zendesk would send wrongly is refused with the violation, not answered", async () => {
    const { client, sent } = nodeZendesk();
    await expect(client.create(42, { message: { body: "No recipients", to: [] } })).rejects.toThrow(/400/);
    expect(sent[0]?.violations).toContain("message.to");
  });

  it("attachments: refused 400, because node-zendesk 6.0.1 sends no multipart body at all", async () => {
    // It sets `Content-Type: multipart/form-data` with no boundary by hand, and its fetch
    // (node-fetch 2) turns the FormData into the text "[object FormData]". No server can read
    // that; the mock says why instead of pretending the upload worked.
    const { client, sent } = nodeZendesk();
    await expect(
      client.attachments(new TextEncoder().encode("PNG bytes").buffer as ArrayBuffer, { filename: "image.png" }),
    ).rejects.toThrow(/400/);
    expect(sent[0]).toMatchObject({ method: "POST", status: 400 });
    expect(sent[0]?.url).toBe(`${mockUrl()}/api/v2/tickets/side_conversations/attachments.json`);
    expect(sent[0]?.headers["Content-Type"]).toBe("multipart/form-data");
    expect(sent[0]?.violations).toMatch(/Boundary parameter for multipart\/form-data is not defined/);
  });
});

describe("the contract-testing guide's node-zendesk snippet", () => {
  it("runs as written (an ES module) against the mock and prints the subjects", async () => {
    const { execFile } = await import("node:child_process");
    const { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const guide = readFileSync(
      new URL("../../../../apps/docs/content/guides/contract-testing.md", import.meta.url),
      "utf8",
    );
    const snippet = /```js\n(import zendesk from "node-zendesk";[\s\S]*?)```/.exec(guide)?.[1];
    expect(snippet).toBeDefined();
    // The one change a reader makes: the mock's address here. The file sits in this package, so
    // `node-zendesk` resolves as in the reader's project.
    const cache = join(new URL("../..", import.meta.url).pathname, "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, "snippet-"));
    try {
      const file = join(dir, "list.mjs");
      writeFileSync(file, (snippet as string).replace("http://127.0.0.1:4010", mockUrl()));
      const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
        execFile(process.execPath, [file], (error, out, err) =>
          error ? reject(error) : resolve({ stdout: out, stderr: err }),
        ),
      );
      expect(stderr).toBe("");
      expect(stdout).toContain("Help, my printer is on fire!");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("node-zendesk 6.0.1 against the sandbox", () => {
  let sandbox: RunningMock;
  beforeAll(async () => {
    sandbox = await startMock({ port: 0, stateful: { ...KEEP_API_TOKENS, seed: "empty" } });
  });
  afterAll(() => sandbox?.stop());

  it("creates, lists, replies and shows: each answer read as JSON (the content type says so) and kept", async () => {
    const { client, sent } = nodeZendesk(undefined, sandbox.url);
    const { result: created } = (await client.create(1001, {
      message: { subject: "Printer", body: "It is on fire.", to: [{ email: "someone@example.com" }] },
    })) as { result: { side_conversation: { id: string } } };
    const id = created.side_conversation.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.list(1001)).map((sc) => sc.id)).toEqual([id]);
    const { result: replied } = await client.reply(1001, id, {
      message: { body: "Any news?", to: [{ email: "Someone@Example.com" }] },
    });
    expect(replied).toMatchObject({ side_conversation: { id }, event: { type: "reply" } });
    const { result: shown } = (await client.show(1001, id)) as {
      result: { side_conversation: { preview_text: string; participants: { email: string }[] } };
    };
    expect(shown.side_conversation.preview_text).toBe("Any news?");
    // One participant per address, whatever its case: the agent and the recipient.
    expect(shown.side_conversation.participants.map((p) => p.email)).toEqual([
      "agent@example.com",
      "someone@example.com",
    ]);
    expect(sent.map((exchange) => `${exchange.method} ${exchange.status}`)).toEqual([
      "POST 201",
      "GET 200",
      "POST 200",
      "GET 200",
    ]);
    expectClean(sent);
  });
});
