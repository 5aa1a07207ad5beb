import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createSandbox, SANDBOX_URL } from "@sideconvo/sandbox";
import { startSandboxServer } from "@sideconvo/sandbox/node";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleOperations } from "../../scripts/console-data.mjs";
import { curlLine, pathAndQuery, requestOf, typescriptLines } from "../../src/console/snippets.js";

// The console's "same request" lines, taken at their word: for every operation and request example
// of the spec, the TypeScript the console shows is compiled against the packages and run (Node
// strips its types) against the sandbox, and the curl line is run against the sandbox over HTTP;
// each must get the answer the console's own request gets.
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const repo = join(appDir, "../..");
const spec = JSON.parse(readFileSync(join(repo, "openapi/dist/openapi.json"), "utf8"));
const operations = consoleOperations(spec);
const work = join(appDir, "test/build/.console-code");
// Asynchronous: the sandbox server these commands call runs in this process.
const run = (file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) =>
  promisify(execFile)(file, args, { ...options, encoding: "utf8" }).catch(
    (error: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: error.stdout ?? "",
      stderr: `${error.stderr ?? ""} (exit ${error.code})`,
    }),
  );

type Op = (typeof operations)[number];
type Field = { name: string; in: string; required: boolean; example: string };
/** The form as the console fills it: path and required values from the spec's examples. */
const formValues = (op: Op, extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(op.fields.map((f: Field) => [f.name, f.in === "path" || f.required ? f.example : ""])),
  ...extra,
});
const cases = operations.flatMap((op) => {
  const bodies = op.body?.type === "application/json" ? op.body.examples : [{ name: "", value: undefined }];
  return bodies.map((example) => ({
    name: `${op.id}${example.name ? ` ${example.name}` : ""}`,
    op,
    values: formValues(op),
    body: example.value === undefined ? undefined : JSON.stringify(example.value, null, 2),
  }));
});
// Optional parameters filled in, so that query values (deepObject included) are checked too.
cases.push(
  {
    name: "listSideConversations per_page=1 include=events",
    op: operations.find((o) => o.id === "listSideConversations") as Op,
    values: formValues(operations.find((o) => o.id === "listSideConversations") as Op, {
      per_page: "1",
      include: "events",
    }),
    body: undefined,
  },
  {
    name: "listConversationLog page[size]=1 sort=-created_at",
    op: operations.find((o) => o.id === "listConversationLog") as Op,
    values: formValues(operations.find((o) => o.id === "listConversationLog") as Op, {
      "page[size]": "1",
      sort: "-created_at",
    }),
    body: undefined,
  },
);

/** What the console itself sends to the tab's sandbox (console.js `submit`, without the DOM). */
async function consoleAnswer(op: Op, values: Record<string, string>, body: string | undefined) {
  const request = requestOf(op, values);
  const sandbox = createSandbox();
  const headers = new Headers({ authorization: `Bearer ${await sandboxToken(SANDBOX_URL, sandbox.fetch)}` });
  let sent: BodyInit | undefined = body;
  if (op.body?.type === "multipart/form-data") {
    const form = new FormData();
    form.append("file", new File(["Printer log, line 1\n"], "printer.log", { type: "text/plain" }));
    sent = form;
  } else if (body !== undefined) headers.set("content-type", "application/json");
  const response = await sandbox.fetch(`${SANDBOX_URL}${pathAndQuery(request)}`, {
    method: op.method,
    headers,
    ...(sent !== undefined && { body: sent }),
  });
  return { status: response.status, body: await response.json() };
}

const how = (body: string | undefined, target: "tab" | "url", baseUrl: string) => ({
  target,
  baseUrl,
  auth: "oauth" as const,
  ...(body !== undefined && { body }),
  fileName: "printer.log",
  fileType: "text/plain",
  fileText: "Printer log, line 1\n",
});

describe("the console's request, as curl and TypeScript", () => {
  beforeAll(() => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, "printer.log"), "Printer log, line 1\n");
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("has every operation and request example of the spec (11 operations, 17 cases)", () => {
    expect(new Set(cases.map((c) => c.op.id)).size).toBe(11);
    expect(cases).toHaveLength(17);
  });

  it("TypeScript: compiles against the packages", () => {
    const files: Record<string, string> = {};
    for (const [i, c] of cases.entries())
      files[join(work, `case${i}.ts`)] = `${typescriptLines(c.op, c.values, how(c.body, "tab", ""))}\nexport {};\n`;
    files[join(work, "url.ts")] =
      `${typescriptLines(cases[0]?.op as Op, cases[0]?.values ?? {}, { ...how(cases[0]?.body, "url", "http://127.0.0.1:4010"), auth: "oauth" })}\nexport {};\n`;
    const errors = compileSnippets(files, {
      paths: {
        "@sideconvo/client": [join(repo, "packages/client/src/index.ts")],
        "@sideconvo/sandbox": [join(repo, "packages/sandbox/src/index.ts")],
      },
    }).filter((error) => error.file in files);
    expect(errors.map((error) => error.message)).toEqual([]);
  }, 120_000);

  // Concurrent: each case is a child process of its own (the test context's expect, as Vitest asks).
  it.concurrent.for(cases)(
    "TypeScript, run: $name gets the console's answer",
    async ({ op, values, body }, { expect }) => {
      const file = join(work, `${op.id}-${Math.random().toString(36).slice(2)}.ts`);
      // The last line prints the answer as JSON, for this test to read.
      const lines = typescriptLines(op, values, how(body, "tab", ""))
        .replace(
          "console.log(response.status, data ?? error);",
          "console.log(JSON.stringify({ status: response.status, body: data ?? error }));",
        )
        // The upload helper answers the attachment, and throws on anything but a 2xx.
        .replace("console.log(attachment);", "console.log(JSON.stringify({ uploaded: attachment }));");
      writeFileSync(file, lines);
      const ran = await run(process.execPath, [file], { cwd: appDir });
      expect(ran.stderr.replace(/.*ExperimentalWarning.*\n?|.*--trace-warnings.*\n?/g, "")).toBe("");
      const answer = JSON.parse(ran.stdout);
      const expected = await consoleAnswer(op, values, body);
      expect(expected.status).toBeLessThan(300);
      if (answer.uploaded) {
        expect(answer.uploaded).toEqual({ ...expected.body, id: expect.any(String) });
        return;
      }
      expect(answer.status).toBe(expected.status);
      if (op.method === "GET") expect(answer.body).toEqual(expected.body);
    },
  );

  describe("curl, run against the sandbox over HTTP", () => {
    let server: Awaited<ReturnType<typeof startSandboxServer>>;
    beforeAll(async () => {
      server = await startSandboxServer({ port: 0 });
    });
    afterAll(() => server?.stop());

    it.each(cases)("$name gets the console's answer", async ({ op, values, body }) => {
      server.sandbox.reset();
      const line = curlLine(op, requestOf(op, values), how(body, "url", server.url));
      const ran = await run("sh", ["-c", `${line} -s -w '\\n%{http_code}'`], {
        cwd: work,
        env: { ...process.env, ZENDESK_OAUTH_TOKEN: await sandboxToken(server.url) },
      });
      const lines = ran.stdout.trimEnd().split("\n");
      const status = Number(lines.pop());
      expect(status, ran.stdout + ran.stderr).toBe((await consoleAnswer(op, values, body)).status);
      // The same records; the links name the server they came from.
      if (op.method === "GET")
        expect(JSON.parse(lines.join("\n").replaceAll(server.url, SANDBOX_URL))).toEqual(
          (await consoleAnswer(op, values, body)).body,
        );
    });
  });

  it("never writes a credential: the lines name environment variables", () => {
    const op = cases[0]?.op as Op;
    const request = requestOf(op, formValues(op));
    expect(curlLine(op, request, { ...how("{}", "url", "https://acme.zendesk.com"), auth: "token" })).toContain(
      '-u "$ZENDESK_EMAIL/token:$ZENDESK_API_TOKEN"',
    );
    expect(curlLine(op, request, how("{}", "url", "https://acme.zendesk.com"))).toContain(
      '-H "Authorization: Bearer $ZENDESK_OAUTH_TOKEN"',
    );
    expect(
      typescriptLines(op, formValues(op), { ...how("{}", "url", "https://acme.zendesk.com"), auth: "token" }),
    ).toContain('apiToken: process.env.ZENDESK_API_TOKEN ?? ""');
  });

  it("a shell quote in a value stays inside the argument", () => {
    const op = operations.find((o) => o.id === "replyToSideConversation") as Op;
    const line = curlLine(op, requestOf(op, formValues(op)), how(`{"message":{"body":"it's on fire"}}`, "url", "x"));
    expect(line).toContain(`-d '{"message":{"body":"it'\\''s on fire"}}'`);
  });
});

describe("the console's form refuses bad values, naming them", () => {
  const show = operations.find((o) => o.id === "showSideConversation") as Op;
  const list = operations.find((o) => o.id === "listSideConversations") as Op;
  const exportOp = operations.find((o) => o.id === "exportSideConversationEvents") as Op;
  it("an empty path value", () => {
    expect(requestOf(show, { ticket_id: "42", side_conversation_id: " " }).problems).toEqual([
      "side_conversation_id is required: it is part of the path",
    ]);
  });
  it("a required query value left out, and a number that is not one", () => {
    expect(requestOf(exportOp, { start_time: "" }).problems).toEqual(["start_time is required"]);
    expect(requestOf(list, { ticket_id: "42", per_page: "ten" }).problems).toEqual([
      'per_page must be a whole number, got "ten"',
    ]);
  });
  it("a path value with a slash is sent as one segment", () => {
    expect(requestOf(show, { ticket_id: "42", side_conversation_id: "a/../b" }).path).toBe(
      "/api/v2/tickets/42/side_conversations/a%2F..%2Fb",
    );
  });
});
