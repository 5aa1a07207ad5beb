import { browserSuite, hasChromium } from "@sideconvo/test-kit/chromium";
import { describe, expect, it } from "vitest";
import { siteInChromium } from "../support/site-in-chromium.js";

// What helps a reader through a guide: a copy button on every code block that puts the code, as
// shown, on the clipboard; a table of contents under the title; and on a phone, a bar whose right
// edge fades to show that it scrolls. (Every table-of-contents link is landed by links.test.ts.)
describe.skipIf(!hasChromium)(browserSuite("reading a guide"), () => {
  const run = siteInChromium();

  it("copies each code block with its button, exactly as shown", async () => {
    const context = await run.browser.newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: run.site.origin });
    const page = await context.newPage();
    await page.goto(`${run.site.base}guides/pagination-and-export.html`);
    const blocks = page.locator("main pre");
    const count = await blocks.count();
    expect(count).toBeGreaterThan(3);
    expect(await page.locator("main pre > button.copy").count()).toBe(count);
    for (const index of [0, count - 1]) {
      const block = blocks.nth(index);
      const shown = ((await block.locator("code").textContent()) ?? "").replace(/\n$/, "");
      await block.hover();
      await block.locator("button.copy").click();
      await expect.poll(() => block.locator("button.copy").textContent()).toBe("Copied");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    }
    await context.close();
  });

  it("shows a guide's sections under its title, each a link to its heading", async () => {
    const page = await run.browser.newPage();
    await page.goto(`${run.site.base}guides/cli.html`);
    const toc = page.locator("main nav.toc");
    await expect.poll(() => toc.isVisible()).toBe(true);
    const targets = await toc.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const headings = await page.locator("main h2").evaluateAll((hs) => hs.map((h) => `#${h.id}`));
    expect(targets).toEqual(headings);
    // Right under the title, before the guide's first paragraph.
    expect(await page.locator("main h1 + nav.toc").count()).toBe(1);
    await page.close();
  });

  it("on a phone, folds the links behind a Menu button (the bar neither scrolls nor fades); on a desktop, one row", async () => {
    const measure = async (width: number, height: number) => {
      const page = await run.browser.newPage({ viewport: { width, height } });
      await page.goto(`${run.site.base}index.html`);
      const bar = await page.locator(".site-nav").evaluate((nav) => ({
        scrolls: nav.scrollWidth > nav.clientWidth,
        mask: getComputedStyle(nav).maskImage,
        menu: getComputedStyle(nav.querySelector(".menu-toggle") as Element).display !== "none",
      }));
      await page.close();
      return bar;
    };
    const phone = await measure(390, 844);
    expect(phone).toEqual({ scrolls: false, mask: "none", menu: true });
    const desktop = await measure(1920, 1080);
    expect(desktop).toEqual({ scrolls: false, mask: "none", menu: false });
  });
});
