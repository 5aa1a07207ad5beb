import { browserSuite, hasChromium } from "@sideconvo/test-kit/chromium";
import { describe, expect, it } from "vitest";
import { siteInChromium } from "../support/site-in-chromium.js";

// When Redoc's script (reference.js, 2.4 MB) runs: the reference paints Redoc's prerendered page
// without it; a link to a route loads it at once; otherwise the reader's first sign of use does.
describe.skipIf(!hasChromium)(browserSuite("the reference loads Redoc when it is needed"), () => {
  const run = siteInChromium();

  it("paints the prerendered page without Redoc's script, and loads it on the first scroll", async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 } });
    const asked: string[] = [];
    page.on("request", (request) => asked.push(new URL(request.url()).pathname.split("/").pop() ?? ""));
    await page.goto(`${run.site.base}reference.html`, { waitUntil: "load" });
    expect(await page.locator("#redoc h1").first().isVisible()).toBe(true);
    // Still not asked for once the page has loaded and sat idle.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    expect(asked).not.toContain("reference.js");
    await page.mouse.wheel(0, 400);
    await page.waitForFunction(
      () => !/Loading/.test(document.querySelector('[data-testid="search-trigger"]')?.textContent ?? "Loading"),
    );
    expect(asked.filter((name) => name === "reference.js")).toHaveLength(1);
    await page.close();
  });

  it("loads it at once for a link to a route, and shows the route, never the overview first", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const asked: string[] = [];
    page.on("request", (request) => asked.push(new URL(request.url()).pathname.split("/").pop() ?? ""));
    await page.goto(`${run.site.base}reference.html#/side-conversations/createsideconversation`, {
      waitUntil: "commit",
    });
    // Until Redoc shows the route, the overview under it is hidden (no jump from one to the other).
    await page.locator("#redoc h1").first().waitFor({ state: "attached" });
    const hiddenAtFirst = await page.evaluate(
      () =>
        document.documentElement.classList.contains("sc-routing") ||
        !/Loading/.test(document.querySelector('[data-testid="search-trigger"]')?.textContent ?? "Loading"),
    );
    expect(hiddenAtFirst).toBe(true);
    await page.locator("h2", { hasText: "Create a side conversation" }).first().waitFor({ state: "visible" });
    expect(await page.evaluate(() => document.documentElement.classList.contains("sc-routing"))).toBe(false);
    expect(asked).toContain("reference.js");
    await page.close();
  });

  it("shows the prerendered page when the script cannot come (control: no blank page)", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.route("**/reference.js", (route) => route.abort());
    await page.goto(`${run.site.base}reference.html#/side-conversations/createsideconversation`);
    await page.waitForFunction(() => !document.documentElement.classList.contains("sc-routing"));
    expect(await page.locator("#redoc h1").first().isVisible()).toBe(true);
    await page.close();
  });
});
