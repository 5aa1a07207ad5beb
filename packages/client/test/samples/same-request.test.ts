import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { match } from "@sideconvo/openapi/operations";
import { specKit } from "@sideconvo/test-kit/spec";
import ts from "typescript";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

// Each operation's two samples in the reference, the TypeScript one and the curl one, must send the
// same request: a reader who switches tabs must not see another body (the import sample once sent
// external ids in TypeScript only). The TypeScript sample is run as written, with the global fetch
// stubbed to record what the client sends and to answer with the spec's own example; the curl
// sample is read (its URL, method and `-d` body).
const samples = fileURLToPath(new URL("../../../../openapi/code_samples/", import.meta.url));
const scratch = fileURLToPath(new URL("../../.samples-run/", import.meta.url));
type Op = {
  operationId: string;
  responses: Record<string, { content?: Record<string, { examples?: Record<string, { value?: unknown }> }> }>;
};
// The spec's bundle and its lookups, from the test kit (the validator the spec's own tests use).
const { deref, operations: specOperations } = specKit(
  JSON.parse(readFileSync(fileURLToPath(new URL("../../../../openapi/dist/openapi.json", import.meta.url)), "utf8")),
);
const operations = specOperations.map(({ id, definition }) => ({ id, op: definition as unknown as Op }));

interface Sent {
  method: string;
  path: string;
  query: string;
  json?: unknown;
  multipart: boolean;
}

/** The examples of an operation's JSON request body, by name. */
function requestExamples(op: Op): Record<string, unknown> {
  const body = deref((op as { requestBody?: unknown }).requestBody) as
    | { content?: Record<string, { examples?: Record<string, unknown> }> }
    | undefined;
  const examples = body?.content?.["application/json"]?.examples ?? {};
  return Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [name, (deref(example) as { value?: unknown }).value]),
  );
}

/** The spec's first example of the operation's success answer. */
function answerFor(method: string, path: string): Response {
  // The spec's own matcher (literal segments before templates).
  const id = match(method, path).operation?.operationId;
  const found = operations.find((o) => o.id === id);
  if (!found) return new Response("{}", { status: 404 });
  const [status, response] = Object.entries(found.op.responses).find(([code]) => code.startsWith("2")) ?? [];
  const media = (deref(response) as Op["responses"][string] | undefined)?.content?.["application/json"];
  const example = deref(Object.values(media?.examples ?? {})[0]) as { value?: unknown } | undefined;
  return new Response(JSON.stringify(example?.value ?? {}), {
    status: Number(status ?? 200),
    headers: { "content-type": "application/json" },
  });
}

/** Runs the TypeScript sample as written; the requests it sent. */
async function runTypeScript(operationId: string): Promise<Sent[]> {
  const sent: Sent[] = [];
  vi.stubGlobal("fetch", async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const type = request.headers.get("content-type") ?? "";
    const text = await request.text();
    sent.push({
      method: request.method,
      path: url.pathname,
      query: url.search,
      ...(type.includes("json") && { json: JSON.parse(text) }),
      multipart: type.includes("multipart/form-data"),
    });
    if (sent.length > 5) throw new Error("the sample sent more than five requests");
    return answerFor(request.method, url.pathname);
  });
  vi.stubEnv("ZENDESK_API_TOKEN", "sample-token");
  vi.spyOn(console, "log").mockImplementation(() => {});
  mkdirSync(scratch, { recursive: true });
  const source = readFileSync(join(samples, "typescript", `${operationId}.ts`), "utf8");
  const file = join(scratch, `${operationId}.mjs`);
  writeFileSync(
    file,
    ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText,
  );
  await import(`${file}?${Date.now()}`);
  return sent;
}

/** What the curl sample sends: its method, path, query and `-d` body. */
function readCurl(operationId: string): Sent {
  const text = readFileSync(join(samples, "curl", `${operationId}.sh`), "utf8");
  const url = new URL(/curl (?:-g )?"([^"]+)"/.exec(text)?.[1] ?? "");
  const data = /-d '([^']*)'/.exec(text)?.[1];
  const multipart = /\s-F\s/.test(text);
  const method = /-X (\w+)/.exec(text)?.[1] ?? (data || multipart ? "POST" : "GET");
  return {
    method,
    path: url.pathname,
    query: decodeURIComponent(url.search),
    ...(data !== undefined && { json: JSON.parse(data) }),
    multipart,
  };
}

const ids = readdirSync(join(samples, "curl")).map((name) => name.replace(/\.sh$/, ""));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the TypeScript and the curl sample of an operation", () => {
  it("exist in pairs", () => {
    expect(ids).toHaveLength(11);
  });

  it.each(ids)("%s: send the same request", async (operationId) => {
    const curl = readCurl(operationId);
    const sent = await runTypeScript(operationId);
    // The TypeScript sample may send more (update, then close and reopen): one of its requests to
    // the operation is the curl sample's, body and query included.
    const shape = ({ multipart, json, query }: Sent) => ({ multipart, json, query: decodeURIComponent(query) });
    const same = sent.filter((request) => request.method === curl.method && request.path === curl.path);
    expect(same.length, `the TypeScript sample sends no ${curl.method} ${curl.path}`).toBeGreaterThan(0);
    expect(same.map(shape)).toContainEqual(shape(curl));
  });

  // Redoc offers a picker of the request body's examples beside the samples: whichever example a
  // reader picks, the TypeScript sample sends it too.
  it.each(operations.filter(({ op }) => Object.keys(requestExamples(op)).length > 1).map(({ op }) => op.operationId))(
    "%s: the TypeScript sample sends every example of the request body",
    async (operationId) => {
      const found = operations.find(({ op }) => op.operationId === operationId);
      const sent = (await runTypeScript(operationId)).filter(
        (request) => match(request.method, request.path).operation?.operationId === operationId,
      );
      for (const [name, example] of Object.entries(requestExamples(found?.op as Op)))
        expect(
          sent.map((request) => request.json),
          name,
        ).toContainEqual(example);
    },
  );

  it("would see a body that differs (control)", () => {
    const curl = readCurl("importSideConversation");
    expect({ ...(curl.json as object), external_ids: { other: "x" } }).not.toEqual(curl.json);
  });
});
