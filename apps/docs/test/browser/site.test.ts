import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserSuite, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite } from "../support/site-server.js";

// The built site in headless Chromium, served from a sub-path of a loopback server. Every request
// any page makes is recorded: the site must load nothing from another origin.
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const dist = join(appDir, "dist");
const artifacts = join(appDir, "test-artifacts");
const spec = JSON.parse(readFileSync(join(appDir, "../../openapi/dist/openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, { operationId: string; summary: string; tags: string[] }>>;
};
const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
const guides = readdirSync(join(appDir, "content/guides")).map((name) => `guides/${name.replace(/\.md$/, ".html")}`);
const heading = (page: Page, summary: string) =>
  page.locator("h1, h2").filter({ hasText: new RegExp(`^${summary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });
const route = (op: { operationId: string; tags: string[] }) =>
  `#/${op.tags[0]?.toLowerCase().replace(/\s+/g, "-")}/${op.operationId.toLowerCase()}`;

describe.skipIf(!hasChromium)(browserSuite("the docs site in Chromium"), () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;
  const requests: { page: string; url: string }[] = [];
  const consoleErrors: string[] = [];

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("request", (request) => requests.push({ page: path, url: request.url() }));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(`${path}: ${message.text()}`);
    });
    page.on("pageerror", (error) => consoleErrors.push(`${path}: ${error.message}`));
    const response = await page.goto(site.base + path);
    expect(response?.status(), path).toBe(200);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    site = await serveSite(dist);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("shows the landing page with links to the reference and every guide", async () => {
    const page = await open("index.html");
    await expect(page.locator("main h1").textContent()).resolves.toBe("sideconvo");
    const links = await page.locator("main a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const path of ["reference.html", ...guides]) expect(links).toContain(site.base + path);
    await page.screenshot({ path: join(artifacts, "landing.png"), fullPage: true });
    await page.close();
  });

  it("shows every operation of the spec in the reference", async () => {
    const page = await open("reference.html");
    await page.screenshot({ path: join(artifacts, "reference.png") });
    const found: string[] = [];
    for (const op of operations) {
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, route(op));
      await heading(page, op.summary).first().waitFor({ state: "visible" });
      found.push(op.operationId);
    }
    expect(found).toHaveLength(11);
    expect(found.sort()).toEqual(operations.map((op) => op.operationId).sort());
    await page.close();
  });

  it("shows the TypeScript and curl samples of an operation", async () => {
    const reply = operations.find((op) => op.operationId === "replyToSideConversation");
    if (!reply) throw new Error("the spec has no replyToSideConversation");
    const page = await open(`reference.html${route(reply)}`);
    // TypeScript is the sample shown first; curl is one click away in the language menu.
    await page.getByText("zd.sideConversations.reply(", { exact: false }).first().waitFor({ state: "visible" });
    await page.getByText("TypeScript", { exact: true }).first().click();
    await page.getByText("curl", { exact: true }).last().click();
    await page
      .getByText("acme.zendesk.com/api/v2/tickets/42/side_conversations/", { exact: false })
      .filter({ hasText: "/reply" })
      .first()
      .waitFor({ state: "visible" });
    await page.screenshot({ path: join(artifacts, "reference-operation.png") });
    await page.close();
  });

  it("finds “reply” with the reference's search", async () => {
    const page = await open("reference.html");
    // Redoc's script loads on this first tap (reference.js), and the tap is done again once it ran:
    // the reader types when the box shows.
    await page.locator('[data-testid="search-trigger"]').click();
    const dialog = page.locator('[data-testid="search-dialog"]');
    await dialog.waitFor();
    await page.keyboard.type("reply");
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain("Reply to a side conversation");
    await expect(dialog.textContent()).resolves.toContain(
      "/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/reply",
    );
    await page.screenshot({ path: join(artifacts, "reference-search.png") });
    await page.close();
  });

  it.each(guides)("renders %s, and each of its links resolves", async (path) => {
    const page = await open(path);
    const title = await page.locator("main h1").textContent();
    expect(title?.length).toBeGreaterThan(3);
    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of new Set(hrefs)) {
      if (!href.startsWith(site.origin)) continue; // links out are for readers to follow; nothing is loaded
      const [file, fragment] = href.split("#");
      const response = await page.request.get(file as string);
      expect(response.status(), `${path} → ${href}`).toBe(200);
      if (fragment && file?.endsWith("reference.html")) {
        // A route of an operation; links.test.ts lands every one of them and sees its heading.
        const op = operations.find((candidate) => route(candidate) === `#${fragment}`);
        expect(op, href).toBeDefined();
      } else if (fragment) {
        const target = await open(`${file?.slice(site.base.length)}`);
        await expect(target.locator(`[id="${fragment}"]`).count(), href).resolves.toBe(1);
        await target.close();
      }
    }
    await page.close();
  });

  it("records a request to another origin when a page makes one (control for the check below)", async () => {
    const page = await browser.newPage();
    const seen: string[] = [];
    page.on("request", (request) => seen.push(request.url()));
    await page.setContent('<img src="http://192.0.2.1/logo.svg">');
    await expect.poll(() => seen).toContain("http://192.0.2.1/logo.svg");
    await page.close();
  });

  it("made no request to another origin, logged no error, and asked nothing outside its sub-path", () => {
    expect(requests.length).toBeGreaterThan(guides.length);
    const foreign = requests.filter(({ url }) => /^(https?|wss?):/.test(url) && !url.startsWith(site.origin));
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(site.outside).toEqual([]);
  });
});
