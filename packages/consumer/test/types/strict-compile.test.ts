import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { tsc } from "../support/tsc.js";

// The packed client in a user's project, compiled with the strictest settings users turn on:
// strict, skipLibCheck false (our .d.ts files and those they pull in are checked too),
// exactOptionalPropertyTypes, no DOM lib (`lib: ["ES2022"]`, `types: ["node"]`), under nodenext and
// bundler resolution, with the TypeScript the workspace pins and the current major on the registry.
// The client's and verify's README TypeScript blocks are compiled there as written.
const project = inject("consumerProject");
const compilers = {
  "TypeScript 5.9": fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url)),
  "TypeScript 7": fileURLToPath(new URL("../../node_modules/typescript-7/bin/tsc", import.meta.url)),
};
const resolutions = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "preserve", moduleResolution: "bundler" },
};
const strict = {
  strict: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  lib: ["ES2022"],
  types: ["node"],
  target: "ES2022",
  noEmit: true,
};

/** What a user writes: every option given as undefined where it may be absent, results by their names. */
const USAGE = `import createFetchClient from "openapi-fetch";
import {
  ApiError,
  createClient,
  createSideconvoFetch,
  type ListOptions,
  participant,
  type paths,
  type SideConversation,
  type SideConversationListResponse,
  type SideconvoClient,
} from "@sideconvo/client";

const page: number | undefined = Number(process.env.PAGE) || undefined;
const zd: SideconvoClient = createClient({
  subdomain: "acme",
  baseUrl: undefined,
  auth: { email: "agent@acme.com", apiToken: process.env.ZENDESK_API_TOKEN ?? "" },
  timeoutMs: undefined,
  userAgent: undefined,
  fetch: undefined,
  retry: { retries: undefined, onRetry: undefined },
  rateLimit: { operations: undefined, onWait: undefined },
  clock: undefined,
});
const options: ListOptions = { page, perPage: undefined, include: undefined, signal: undefined };
export const list: SideConversationListResponse = await zd.sideConversations.list(42, options);
export const listed = await zd.sideConversations.list(42, { page });
for await (const sc of zd.iterate.sideConversations(42, { perPage: 100 })) {
  const named: SideConversation = sc;
  console.log(named.id);
}
await zd.sideConversations.create(42, { body: "hi", to: [participant.email("a@example.com")] }, { externalIds: undefined });
await zd.conversationLog.list(42, { pageSize: undefined, after: undefined, sort: "-created_at" });
const { data, error } = await zd.GET("/api/v2/tickets/{ticket_id}/side_conversations", {
  params: { path: { ticket_id: 42 }, query: { per_page: 10 } },
});
console.log(data?.side_conversations.length, error);
zd.use({
  onRequest: ({ request }) => {
    request.headers.set("x-trace-id", "1");
    return request;
  },
});
const raw = createFetchClient<paths>({
  baseUrl: "https://acme.zendesk.com",
  fetch: createSideconvoFetch({ subdomain: "acme", auth: { oauthToken: "t" } }),
});
await raw.GET("/api/v2/tickets/{ticket_id}/conversation_log", { params: { path: { ticket_id: 42 } } });
try {
  await zd.sideConversations.show(42, "x");
} catch (caught) {
  if (caught instanceof ApiError) console.log(caught.status satisfies number, caught.code);
}
`;

/** A mistake the compile must report, to prove the set-up would catch one (control). */
const MISTAKE = `import { createClient } from "@sideconvo/client";
const zd = createClient({ subdomain: "acme", auth: { oauthToken: "t" } });
await zd.sideConversations.list("42");
`;

function readmeBlocks(name = "client"): string[] {
  const readme = readFileSync(join(project, `node_modules/@sideconvo/${name}/README.md`), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

function writeProject(files: Record<string, string>, name: string, resolution: object) {
  const dir = join(project, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "src"), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, "src", file), text);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { ...strict, ...resolution, typeRoots: [join(project, "node_modules/@types")] },
      include: ["src"],
    }),
  );
  return dir;
}

const compile = tsc;

describe("the packed client in a strict user project", () => {
  let files: Record<string, string>;
  beforeAll(() => {
    const blocks = readmeBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    // Each README block is a module of its own, as a reader would paste it into a file.
    files = Object.fromEntries(blocks.map((block, index) => [`readme-${index + 1}.ts`, `${block}\nexport {};\n`]));
    // @sideconvo/verify's README blocks too: its .d.ts files pull in the client's and the spec's.
    const verifyBlocks = readmeBlocks("verify");
    expect(verifyBlocks.length).toBeGreaterThanOrEqual(2);
    for (const [index, block] of verifyBlocks.entries())
      files[`verify-readme-${index + 1}.ts`] = `${block}\nexport {};\n`;
    files["usage.ts"] = USAGE;
  });

  for (const [compilerName, compiler] of Object.entries(compilers)) {
    for (const [resolutionName, resolution] of Object.entries(resolutions)) {
      it(`compiles the README blocks and typical use with ${compilerName}, ${resolutionName} resolution`, () => {
        const dir = writeProject(files, `strict-${resolutionName}-${compilerName.replace(/\W+/g, "")}`, resolution);
        const { status, output } = compile(compiler, dir);
        expect(output).toBe("");
        expect(status).toBe(0);
      });
    }

    it(`reports a wrong argument with ${compilerName} (control)`, () => {
      const dir = writeProject(
        { "mistake.ts": MISTAKE },
        `control-${compilerName.replace(/\W+/g, "")}`,
        resolutions.nodenext,
      );
      const { status, output } = compile(compiler, dir);
      expect(status).not.toBe(0);
      expect(output).toMatch(/mistake\.ts.*TS2345/);
    });
  }

  it("shows results by their schema names on hover, not as expanded object types", () => {
    const dir = writeProject({ "usage.ts": USAGE }, "hover", resolutions.nodenext);
    const file = join(dir, "src/usage.ts");
    const config = ts.getParsedCommandLineOfConfigFile(
      join(dir, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
        },
      },
    );
    if (!config) throw new Error("no tsconfig");
    const service = ts.createLanguageService({
      getCompilationSettings: () => config.options,
      getScriptFileNames: () => [file],
      getScriptVersion: () => "1",
      getScriptSnapshot: (name) =>
        ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? "") : undefined,
      getCurrentDirectory: () => dir,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    });
    const hover = (word: string) => {
      const at = USAGE.indexOf(word);
      const info = service.getQuickInfoAtPosition(file, at);
      return ts.displayPartsToString(info?.displayParts);
    };
    expect(hover("listed =")).toBe("const listed: SideConversationListResponse");
    expect(hover("zd: SideconvoClient")).toBe("const zd: SideconvoClient");
    expect(hover("sc of")).toBe("const sc: SideConversation");
  });
});
