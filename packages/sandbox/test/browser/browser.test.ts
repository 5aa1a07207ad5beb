import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { browserSuite, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The engine in a Chromium tab: bundled for the browser (so no Node built-in can hide in it), run
// on its own (as the docs' console calls it, tested in apps/docs) and behind MSW's service worker
// for the real client.
const require = createRequire(import.meta.url);
const pages: Record<string, [type: string, body: string]> = {};
const server = createServer((request, response) => {
  const page = pages[request.url ?? ""];
  if (!page) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": page[0] }).end(page[1]);
});
let base = "";

beforeAll(async () => {
  const built = await build({
    entryPoints: [new URL("./page.ts", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });
  pages["/"] = [
    "text/html",
    '<!doctype html><meta charset="utf-8"><title>sandbox</title><script type="module" src="/app.js"></script>',
  ];
  pages["/app.js"] = ["text/javascript", built.outputFiles[0]?.text ?? ""];
  pages["/mockServiceWorker.js"] = [
    "text/javascript",
    readFileSync(require.resolve("msw/mockServiceWorker.js"), "utf8"),
  ];
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe.skipIf(!hasChromium)(browserSuite("the sandbox in a browser tab"), () => {
  it("answers in the page on its own, and to the client through MSW's service worker", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${base}/`);
      await page.waitForFunction(() => "scenario" in window);
      const outcome = await page.evaluate(() => (window as unknown as { scenario: () => Promise<unknown> }).scenario());
      expect(outcome).toEqual({
        direct: 201,
        subjects: ["From a browser tab"],
        events: ["create", "reply"],
        missing: { status: 404, requestId: expect.stringMatching(/^[0-9a-f]{16}$/) },
        kept: 2,
      });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
