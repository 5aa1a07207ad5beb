import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { rawHttp } from "@sideconvo/test-kit/raw-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type Sandbox } from "../../src/index.js";
import { type RunningSandboxServer, startSandboxServer } from "../../src/node/index.js";

// One hostile request at a time, by class of input, over HTTP (a sandbox with a data file) and in
// process (`handle`). Each must get a clear answer that names the value, the process must go on
// serving, and the data file must load again afterwards: nothing a request sends is journaled in a
// form the sandbox cannot read back.
const AUTH = `Basic ${btoa("agent@example.com/token:secret")}`;
const JSON_HEADERS = { authorization: AUTH, "content-type": "application/json" };
const email = (address: string) => ({ message: { subject: "s", body: "b", to: [{ email: address }] } });
const importOf = (createdAt: string) => ({
  events: [
    {
      created_at: createdAt,
      message: { body: "b", to: [{ email: "a@example.com" }], from: { email: "r@example.com" } },
    },
  ],
});

interface Case {
  what: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** Text the answer's body (or, for a refusal of the spec's rules, its sl-violations) must name. */
  names: string;
}

const cases: Case[] = [
  // Values a header cannot carry, copied from the request into sl-violations.
  {
    what: "a refused value above U+00FF",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations",
    body: JSON.stringify(email("☃雪@")),
    status: 400,
    names: "☃雪@",
  },
  {
    what: "a refused value with control characters",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations",
    body: JSON.stringify(email("a\r\nx-injected: 1")),
    status: 400,
    names: "x-injected",
  },
  // Path escapes the sandbox cannot decode.
  {
    what: "a malformed percent escape in an id",
    method: "GET",
    path: "/api/v2/tickets/42/side_conversations/%E0%A4%A",
    status: 400,
    names: "malformed percent escape",
  },
  {
    what: "a lone percent sign",
    method: "GET",
    path: "/api/v2/tickets/42/side_conversations/%",
    status: 400,
    names: "malformed percent escape",
  },
  // Numbers it could not keep exactly.
  {
    what: "a ticket id past 2^53",
    method: "GET",
    path: "/api/v2/tickets/9007199254740993/side_conversations",
    status: 400,
    names: "9007199254740992",
  },
  {
    what: "a ticket id of 1e400",
    method: "POST",
    path: "/api/v2/tickets/1e400/side_conversations",
    body: JSON.stringify(email("a@example.com")),
    status: 400,
    names: "Infinity",
  },
  {
    what: "a per_page of 1e400",
    method: "GET",
    path: "/api/v2/tickets/42/side_conversations?per_page=1e400",
    status: 400,
    names: "per_page must be <= 100, got Infinity",
  },
  {
    what: "a body integer of 1e400",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations",
    body: '{"message":{"body":"b","to":[{"user_id":1e400}]}}',
    status: 400,
    names: "message.to[0].user_id is Infinity",
  },
  {
    what: "a body integer past 2^53",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations",
    body: '{"message":{"body":"b","to":[{"user_id":12345678901234567891}]}}',
    status: 400,
    names: "message.to[0].user_id is 12345678901234567000",
  },
  // Date-times that are not instants.
  {
    what: "month 19, day 39, hour 29",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations/import",
    body: JSON.stringify(importOf("2025-19-39T29:59:59Z")),
    status: 400,
    names: 'events[0].created_at is \\"2025-19-39T29:59:59Z\\": not a date-time that exists',
  },
  {
    what: "February 30",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations/import",
    body: JSON.stringify(importOf("2025-02-30T10:00:00Z")),
    status: 400,
    names: "2025-02-30T10:00:00Z",
  },
  // Credentials of a shape the vendor does not take.
  {
    what: "Basic that is not base64",
    method: "GET",
    path: "/api/v2/tickets/42/side_conversations",
    headers: { authorization: "Basic !!!not-base64" },
    status: 401,
    names: "Couldn't authenticate you",
  },
  {
    what: "Basic without a colon",
    method: "GET",
    path: "/api/v2/tickets/42/side_conversations",
    headers: { authorization: `Basic ${btoa("agent@example.com")}` },
    status: 401,
    names: "Couldn't authenticate you",
  },
  {
    what: "Basic with an empty user",
    method: "GET",
    path: "/api/v2/tickets/42/side_conversations",
    headers: { authorization: `Basic ${btoa(":secret")}` },
    status: 401,
    names: "Couldn't authenticate you",
  },
  // Bodies.
  {
    what: "JSON nested 100,000 deep",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations",
    body: "[".repeat(100_000),
    status: 400,
    names: "nests deeper",
  },
  {
    what: "a body that is not JSON",
    method: "POST",
    path: "/api/v2/tickets/42/side_conversations",
    body: '{"message":',
    status: 400,
    names: "not valid JSON",
  },
];

async function readAnswer(response: Response) {
  const text = await response.text();
  return `${text} ${response.headers.get("sl-violations") ? JSON.stringify(JSON.parse(response.headers.get("sl-violations") as string)) : ""}`;
}

describe("hostile requests over HTTP: answered, still serving, and the data file loads again", () => {
  const data = join(mkdtempSync(join(tmpdir(), "sideconvo-hostile-")), "sandbox.journal");
  const logged: string[] = [];
  let server: RunningSandboxServer;
  beforeAll(async () => {
    server = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, data, onLog: (line) => logged.push(line) });
  });
  afterAll(() => server.stop());

  const stillServing = async () => {
    const response = await fetch(`${server.url}/api/v2/tickets/42/side_conversations`, {
      headers: { authorization: AUTH },
    });
    expect(response.status).toBe(200);
  };

  it.each(cases)("$what → $status", async ({ method, path, headers, body, status, names }) => {
    const port = Number(new URL(server.url).port);
    const head = {
      ...JSON_HEADERS,
      ...headers,
      ...(body !== undefined && { "content-length": String(Buffer.byteLength(body)) }),
    };
    const request = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nconnection: close\r\n${Object.entries(
      head,
    )
      .map(([name, value]) => `${name}: ${Buffer.from(value).toString("latin1")}`)
      .join("\r\n")}\r\n\r\n${body === undefined ? "" : Buffer.from(body).toString("latin1")}`;
    const answer = await rawHttp(port, request);
    expect(answer.slice(0, 12)).toBe(`HTTP/1.1 ${status}`);
    // Every header line is plain ASCII, and the refused value is in the answer, whole.
    const [headerBlock = "", bodyText = ""] = answer.split("\r\n\r\n");
    expect(headerBlock).toMatch(/^[\t\r\n\u0020-\u007e]*$/);
    const violations = /^sl-violations: (.*)$/im.exec(headerBlock)?.[1];
    const said = `${Buffer.from(bodyText, "latin1").toString("utf8")} ${violations ? JSON.stringify(JSON.parse(violations)) : ""}`;
    expect(said).toContain(names);
    await stillServing();
  });

  it.each([
    ["a space", "a b"],
    ["a path", "evil.example/x"],
    ["a user", "user@127.0.0.1"],
    ["an unclosed IPv6 bracket", "[::1"],
    ["a character above U+00FF", "☃.example"],
  ])("a Host header with %s → 400, and the process serves on", async (_, host) => {
    const port = Number(new URL(server.url).port);
    const answer = await rawHttp(
      port,
      `GET /api/v2/tickets/42/side_conversations HTTP/1.1\r\nHost: ${Buffer.from(host).toString("latin1")}\r\nauthorization: ${AUTH}\r\nconnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("The Host header is not a host");
    await stillServing();
  });

  it("a record's url is the sandbox's own address, whatever Host the request sent", async () => {
    const port = Number(new URL(server.url).port);
    const body = JSON.stringify(email("host@example.com"));
    const answer = await rawHttp(
      port,
      `POST /api/v2/tickets/42/side_conversations HTTP/1.1\r\nHost: attacker.example:${port}\r\nauthorization: ${AUTH}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 201/);
    const created = JSON.parse(answer.split("\r\n\r\n")[1] as string).side_conversation;
    expect(created.url).toBe(`${server.url}/api/v2/tickets/42/side_conversations/${created.id}`);
  });

  it("after all of them, the data file loads again with every answered write and nothing refused", async () => {
    const kept = server.sandbox.snapshot();
    await server.stop();
    server = await startSandboxServer({ ...KEEP_API_TOKENS, port: 0, data });
    expect(server.sandbox.snapshot()).toEqual(kept);
    expect(kept.side_conversations.some((sc) => JSON.stringify(sc).includes("☃"))).toBe(false);
    expect(logged).toEqual([]); // nothing above was a fault of the sandbox
  });
});

describe("hostile requests in process: handle() answers every one, it never rejects", () => {
  const sandbox: Sandbox = createSandbox({ ...KEEP_API_TOKENS, seed: "examples" });

  it.each(cases.filter((c) => !c.path.includes("%")))(
    "$what → $status",
    async ({ method, path, headers, body, status, names }) => {
      const response = await sandbox.handle(
        new Request(`http://127.0.0.1:4010${path}`, {
          method,
          headers: { ...JSON_HEADERS, ...headers },
          ...(body !== undefined && { body }),
        }),
      );
      expect(response.status).toBe(status);
      expect(await readAnswer(response)).toContain(names);
    },
  );

  it("a malformed percent escape → 400 naming it", async () => {
    const response = await sandbox.handle(
      new Request("http://127.0.0.1:4010/api/v2/tickets/42/side_conversations/%E0%A4%A", {
        headers: { authorization: AUTH },
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('malformed percent escape: \\"%E0%A4%A\\"');
  });

  it("a body stream that fails midway is a 500 with a request id and a log line, and the next request is served", async () => {
    const lines: string[] = [];
    const logging = createSandbox({ ...KEEP_API_TOKENS, onError: (line) => lines.push(line) });
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error("the client went away"));
      },
    });
    const response = await logging.handle(
      new Request("http://127.0.0.1:4010/api/v2/tickets/42/side_conversations", {
        method: "POST",
        headers: JSON_HEADERS,
        body: broken,
        duplex: "half",
      } as RequestInit),
    );
    expect(response.status).toBe(500);
    const id = response.headers.get("x-zendesk-request-id") as string;
    expect(await response.text()).toContain(`(request id ${id})`);
    expect(lines).toEqual([expect.stringContaining(`request id ${id}`)]);
    const next = await logging.handle(
      new Request("http://127.0.0.1:4010/api/v2/tickets/42/side_conversations", { headers: { authorization: AUTH } }),
    );
    expect(next.status).toBe(200);
  });

  it("answer() with an address that is not a URL is a 400, not a rejection", async () => {
    const answered = await sandbox.answer({
      method: "GET",
      url: "http://a b/api/v2/tickets/42/side_conversations",
      header: () => AUTH,
      text: async () => "",
      formData: async () => new FormData(),
    });
    expect(answered.status).toBe(400);
    expect(answered.body).toContain("not a URL");
  });

  it("keeps at most maxNamespaces namespaces: the least recently used starts from the seed again", async () => {
    const small = createSandbox({ ...KEEP_API_TOKENS, seed: "empty", maxNamespaces: 3 });
    const post = (ns: string) =>
      small.handle(
        new Request(`http://127.0.0.1:4010/ns/${ns}/api/v2/tickets/42/side_conversations`, {
          method: "POST",
          headers: JSON_HEADERS,
          body: JSON.stringify(email("a@example.com")),
        }),
      );
    expect((await post("a")).status).toBe(201);
    expect(small.snapshot("a").side_conversations).toHaveLength(1);
    for (const ns of ["b", "c"]) await post(ns);
    expect(small.snapshot("a").side_conversations).toHaveLength(1); // three namespaces: all kept
    await post("d"); // a fourth: "b", the least recently used, goes
    expect(small.snapshot("c").side_conversations).toHaveLength(1);
    expect(small.snapshot("b").side_conversations).toHaveLength(0);
    expect(small.snapshot().side_conversations).toHaveLength(0); // the default namespace is never dropped
  });
});
