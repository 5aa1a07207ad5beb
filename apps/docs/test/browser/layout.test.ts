import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserSuite, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measure, problems } from "../support/geometry.js";
import { serveSite } from "../support/site-server.js";

// The site's layout as a reader sees it, at a laptop's, a desktop's and a phone's window size:
// the landing page, every guide and every operation of the reference. Redoc's own layout is the
// measure for the reference: the same page with the site's stylesheet blocked, in the same run.
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const artifacts = join(appDir, "test-artifacts");
const spec = JSON.parse(readFileSync(join(appDir, "../../openapi/dist/openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, { operationId: string; summary: string; tags: string[] }>>;
};
const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
const route = (op: { operationId: string; tags: string[] }) =>
  `#/${op.tags[0]?.toLowerCase().replace(/\s+/g, "-")}/${op.operationId.toLowerCase()}`;
const pages = [
  "index.html",
  ...readdirSync(join(appDir, "content/guides")).map((n) => `guides/${n.replace(/\.md$/, ".html")}`),
];
const SIZES = [
  { name: "1280x800", width: 1280, height: 800 },
  { name: "1920x1080", width: 1920, height: 1080 },
  { name: "390x844", width: 390, height: 844 },
];
// The rule the guides' stylesheet once applied to every <main>, Redoc's included: the control.
const SQUEEZE = "main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }";

describe.skipIf(!hasChromium)(browserSuite("the site's layout in Chromium"), () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;
  const widths: string[] = [];

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    site = await serveSite(join(appDir, "dist"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    console.info(`the reference's main column, Redoc's own layout → the site's:\n${widths.join("\n")}`);
    await browser?.close();
    await site?.close();
  });

  /** A tab for the reference at a size, with the site's stylesheet, without it (Redoc's own layout), or with more. */
  async function reference(size: (typeof SIZES)[number], { stylesheet = true, extraCss = "" } = {}) {
    const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
    await page.route("**/site.css", async (r) => {
      const own = stylesheet ? await (await r.fetch()).text() : "";
      await r.fulfill({ contentType: "text/css", body: `${own}\n${extraCss}` });
    });
    return page;
  }

  /**
   * Opens an operation's route and waits until Redoc has scrolled its heading into view and the
   * page has stopped moving. `fresh`: a new load of the page at that address (a link opened in a
   * new tab); otherwise the route changes in the loaded page, as a click on one of its links does.
   */
  async function show(page: Page, op: (typeof operations)[number], { fresh = false } = {}) {
    if (fresh || !page.url().includes("reference.html")) {
      await page.goto("about:blank");
      await page.goto(`${site.base}reference.html${route(op)}`);
    } else {
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, route(op));
    }
    let last = Number.NaN;
    await expect
      .poll(
        async () => {
          const top = (await measure(page, op.summary)).heading?.top ?? Number.NaN;
          const settled = top === last && top > 0 && top < (page.viewportSize()?.height ?? 0);
          last = top;
          return settled;
        },
        { timeout: 15_000, interval: 100 },
      )
      .toBe(true);
  }

  for (const size of SIZES) {
    describe(`at ${size.name}`, () => {
      it.each(pages)("%s: navigation in view, no sideways scrolling, the title whole", async (path) => {
        const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
        await page.goto(site.base + path);
        const h1 = (await page.locator("main h1").textContent())?.trim() ?? "";
        expect(problems(await measure(page, h1))).toEqual([]);
        // Scrolled to the end, the navigation bar is still there.
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        expect(problems(await measure(page, h1)).filter((p) => p.startsWith("the navigation bar"))).toEqual([]);
        if (path === "index.html" || path === "guides/contract-testing.html") {
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(artifacts, `layout-${size.name}-${path.replace(/\W+/g, "-")}.png`) });
        }
        await page.close();
      });

      it("every operation of the reference: Redoc's own column width, the heading whole, the navigation in view", async () => {
        const own = await reference(size, { stylesheet: false });
        const ours = await reference(size);
        const found: string[] = [];
        // The reference is loaded once per window size and moved through route by route; the first
        // and the last operation are also loaded fresh, as a link opened in a new tab.
        for (const [index, op] of operations.entries()) {
          const fresh = index === 0 || index === operations.length - 1;
          await show(own, op, { fresh });
          const baseline = (await measure(own, op.summary)).column?.width ?? 0;
          await show(ours, op, { fresh });
          // Where the page comes to rest: Redoc renders the operations above the target as they come
          // into view and scrolls back to it; what a reader sees is the page a few seconds on.
          let g = await measure(ours, op.summary);
          for (let i = 0; i < 20 && problems(g, { minColumn: baseline }).length; i++) {
            await ours.waitForTimeout(250);
            g = await measure(ours, op.summary);
          }
          if (problems(g, { minColumn: baseline }).length) {
            // Redoc 3 has twice come to rest ~270 px past its target under a whole `npm test`'s load
            // (see links.test.ts); one fresh load more, and the miss is printed, not hidden.
            console.info(
              `${size.name} ${op.operationId}: ${problems(g, { minColumn: baseline }).join("; ")}; loading it again`,
            );
            await show(ours, op, { fresh: true });
            g = await measure(ours, op.summary);
          }
          widths.push(
            `${size.name} ${op.operationId}: ${Math.round(baseline)} px → ${Math.round(g.column?.width ?? 0)} px`,
          );
          for (const problem of problems(g, { minColumn: baseline })) found.push(`${op.operationId}: ${problem}`);
          if (op.operationId === "createSideConversation")
            await ours.screenshot({ path: join(artifacts, `layout-${size.name}-reference-create.png`) });
        }
        expect(found).toEqual([]);
        await own.close();
        await ours.close();
        // 4 fresh loads of the reference and 18 route changes (it was 22 fresh loads, 30 s a size).
      }, 300_000);
    });
  }

  it("would report the squeezed reference: the old rule on Redoc's <main> at 1920x1080 (control)", async () => {
    const size = SIZES[1] as (typeof SIZES)[number];
    const op = operations.find((candidate) => candidate.operationId === "createSideConversation");
    if (!op) throw new Error("the spec has no createSideConversation");
    const own = await reference(size, { stylesheet: false });
    await show(own, op);
    const baseline = (await measure(own, op.summary)).column?.width ?? 0;
    const squeezed = await reference(size, { extraCss: SQUEEZE });
    await show(squeezed, op);
    const found = problems(await measure(squeezed, op.summary), { minColumn: baseline });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^the main column is \d+ px, narrower than Redoc's own \d+ px$/),
        expect.stringMatching(/^the heading breaks inside "conversation"$/),
      ]),
    );
    await own.close();
    await squeezed.close();
  });
});
