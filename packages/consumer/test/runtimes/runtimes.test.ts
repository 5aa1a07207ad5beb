// The packed client in every runtime its README names: Node 22 and 24, Deno, Bun, Cloudflare's
// workerd (through Miniflare) and Chromium. Each imports @sideconvo/client as installed from its
// tarball into a user project outside the workspace, and runs scenario.mjs against one loopback
// server: a create, a list over two pages, a 429 waited out (Retry-After: 1) and a retried 503.
// The server records what each runtime sent (the User-Agent, the Authorization scheme), so the
// one thing a browser does differently (it sends its own User-Agent) is shown, not assumed.
import { execFile } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { browserSuite, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const project = inject("consumerProject");
const require = createRequire(import.meta.url);
const node22 = fileURLToPath(new URL("../../../../.toolchain/bin/node22", import.meta.url));

interface Seen {
  ticket: number;
  method: string;
  path: string;
  userAgent: string | undefined;
  scheme: string | undefined;
  status: number;
}

const sc = (id: string, ticket: number) => ({
  id,
  ticket_id: ticket,
  subject: "Printer on fire",
  state: "open",
  participants: [],
  created_at: "2026-11-20T16:58:36Z",
});

/** The API as the scenario needs it, and the browser page; every answer is recorded. */
function answer(request: IncomingMessage, response: ServerResponse, seen: Seen[], pages: Record<string, string>) {
  const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
  const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const match = /\/tickets\/(\d+)/.exec(url.pathname);
    seen.push({
      ticket: Number(match?.[1] ?? 0),
      method: request.method ?? "",
      path: url.pathname,
      userAgent: request.headers["user-agent"],
      scheme: request.headers.authorization?.split(" ")[0],
      status,
    });
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  };
  const page = pages[url.pathname];
  if (page !== undefined) {
    response.writeHead(200, { "content-type": url.pathname.endsWith(".js") ? "text/javascript" : "text/html" });
    response.end(page);
    return;
  }
  const path = url.pathname.replace(/\.json$/, "");
  const ticket = Number(/^\/api\/v2\/tickets\/(\d+)\//.exec(path)?.[1]);
  const earlier = (status: number) => seen.some((s) => s.ticket === ticket && s.status === status);
  if (request.method === "POST" && path === `/api/v2/tickets/${ticket}/side_conversations`)
    return send(201, { side_conversation: sc("sc-created", ticket), event: { id: "ev-1", type: "create" } });
  if (request.method === "GET" && path === `/api/v2/tickets/${ticket}/side_conversations`) {
    const second = url.searchParams.get("page") === "2";
    return send(200, {
      side_conversations: [sc(second ? "sc-b" : "sc-a", ticket)],
      next_page: second ? null : `${url.origin}/api/v2/tickets/${ticket}/side_conversations.json?page=2`,
      previous_page: null,
      count: 2,
    });
  }
  if (path === `/api/v2/tickets/${ticket}/side_conversations/sc-429`)
    return earlier(429)
      ? send(200, { side_conversation: sc("sc-429", ticket) })
      : send(429, { error: "TooManyRequests" }, { "retry-after": "1" });
  if (path === `/api/v2/tickets/${ticket}/side_conversations/sc-503`)
    return earlier(503)
      ? send(200, { side_conversation: sc("sc-503", ticket) })
      : send(503, { error: "ServiceUnavailable" });
  send(404, { error: "RecordNotFound", description: "Not found" });
}

const seen: Seen[] = [];
const pages: Record<string, string> = {};
let base = "";
let server: ReturnType<typeof createServer>;

beforeAll(async () => {
  for (const file of ["scenario.mjs", "node-main.mjs", "worker.mjs", "browser.mjs"])
    copyFileSync(join(here, file), join(project, file));
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => answer(request, response, seen, pages));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

type Outcome = {
  results: Record<string, { ok: boolean; id?: string; ids?: string[]; waitedMs?: number; error?: string }>;
  retries: string[];
};

/** What every runtime must show, and what the server saw from it. */
function expectScenario(outcome: Outcome, runNumber: number) {
  const { results, retries } = outcome;
  expect(results.create).toEqual({ ok: true, id: "sc-created" });
  expect(results.twoPages).toEqual({ ok: true, ids: ["sc-a", "sc-b"] });
  expect(results.rateLimited).toMatchObject({ ok: true, id: "sc-429" });
  expect(results.rateLimited?.waitedMs).toBeGreaterThanOrEqual(900); // Retry-After: 1, waited out
  expect(results.retried503).toEqual({ ok: true, id: "sc-503" });
  expect(retries).toEqual(["status 429", "status 503"]);
  const mine = seen.filter((s) => Math.floor(s.ticket / 10) === runNumber);
  expect(mine.map((s) => `${s.method} ${s.status}`)).toEqual([
    "POST 201",
    "GET 200",
    "GET 200",
    "GET 429",
    "GET 200",
    "GET 503",
    "GET 200",
  ]);
  expect(mine.every((s) => s.scheme === "Basic")).toBe(true);
  return mine;
}

/** An entry of the user project bundled with what it imports from the installed tarball, as an app's build does. */
async function bundle(entry: string, platform: "browser" | "neutral"): Promise<string> {
  const built = await build({
    entryPoints: [join(project, entry)],
    bundle: true,
    format: "esm",
    platform,
    write: false,
  });
  return built.outputFiles[0]?.text ?? "";
}

const userAgents = (mine: Seen[]) => [...new Set(mine.map((s) => s.userAgent))];
const parse = (stdout: string): Outcome => JSON.parse(stdout.trim().split("\n").pop() ?? "");

describe("the packed client in each runtime it names", () => {
  it("runs on Node 24", async () => {
    const { stdout } = await run(process.execPath, ["node-main.mjs", base, "1"], { cwd: project });
    expect(userAgents(expectScenario(parse(stdout), 1))).toEqual(["sideconvo-client"]);
  });

  it("runs on Node 22", async () => {
    const { stdout } = await run(node22, ["node-main.mjs", base, "2"], { cwd: project });
    expect(userAgents(expectScenario(parse(stdout), 2))).toEqual(["sideconvo-client"]);
  });

  it("runs on Deno", async () => {
    const deno = join(require.resolve("deno/package.json"), "../bin.cjs");
    const { stdout } = await run(
      process.execPath,
      [deno, "run", "--allow-net", "--allow-read", "--allow-env", "node-main.mjs", base, "3"],
      { cwd: project, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" } },
    );
    expect(userAgents(expectScenario(parse(stdout), 3))).toEqual(["sideconvo-client"]);
  }, 60_000);

  it("runs on Bun", async () => {
    // The platform package's binary, as bun's own postinstall would link it (install scripts are off).
    const bun = createRequire(require.resolve("bun/package.json")).resolve(
      `@oven/bun-${process.platform}-${process.arch === "arm64" ? "aarch64" : process.arch}/bin/bun`,
    );
    const { stdout } = await run(bun, ["node-main.mjs", base, "4"], { cwd: project });
    expect(userAgents(expectScenario(parse(stdout), 4))).toEqual(["sideconvo-client"]);
  }, 60_000);

  it("runs on Cloudflare's workerd (Miniflare)", async () => {
    const script = await bundle("worker.mjs", "neutral");
    const mf = new Miniflare({ modules: true, compatibilityDate: "2025-09-01", script });
    try {
      const response = await mf.dispatchFetch(`http://worker.test/?base=${encodeURIComponent(base)}&run=5`);
      expect(userAgents(expectScenario((await response.json()) as Outcome, 5))).toEqual(["sideconvo-client"]);
    } finally {
      await mf.dispose();
    }
  }, 60_000);

  describe.skipIf(!hasChromium)(browserSuite("in Chromium"), () => {
    it("runs in a page bundled from the tarball, calling fetch as a browser requires; the browser keeps its own User-Agent", async () => {
      pages["/"] =
        '<!doctype html><meta charset="utf-8"><title>client</title><script type="module" src="/app.js"></script>';
      pages["/app.js"] = await bundle("browser.mjs", "browser");
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`${base}/`);
        await page.waitForFunction(() => "scenario" in window);
        const outcome = await page.evaluate(
          (origin) =>
            (window as unknown as { scenario: (b: string, r: number) => Promise<unknown> }).scenario(origin, 6),
          base,
        );
        const mine = expectScenario(outcome as Outcome, 6);
        expect(userAgents(mine)).toHaveLength(1);
        expect(userAgents(mine)[0]).toMatch(/Chrome\//); // a page cannot set User-Agent
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  });

  it("is the same scenario file in every runtime (no runtime-specific code)", () => {
    expect(readFileSync(join(project, "scenario.mjs"), "utf8")).toBe(readFileSync(join(here, "scenario.mjs"), "utf8"));
  });
});
