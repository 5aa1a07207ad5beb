import { join } from "node:path";
import { browserSuite, hasChromium } from "@sideconvo/test-kit/chromium";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifacts, siteInChromium } from "../support/site-in-chromium.js";

// The site when the reader's system asks for dark: the guides, the landing page and the bar follow
// it, and the reference (Redoc follows the same setting) has no light bar over it. Measured as a
// reader would see it: the colours drawn, and the contrast of the text on its background (WCAG's
// ratio, at least 4.5 for body text). Screenshots in test-artifacts/.

/** The drawn background and text colour of an element, and their contrast ratio. */
async function colours(page: Page, selector: string) {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
      // The background drawn behind the element: its own, or the first opaque one of its ancestors.
      let node: Element | null = element;
      let background = [255, 255, 255];
      while (node) {
        const [r = 0, g = 0, b = 0, a = 1] = rgb(getComputedStyle(node).backgroundColor);
        if (a > 0.5) {
          background = [r, g, b];
          break;
        }
        node = node.parentElement;
      }
      const text = rgb(getComputedStyle(element).color).slice(0, 3);
      const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
        const linear = (c: number) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
      };
      const [light, dark] = [luminance(background), luminance(text)].sort((x, y) => y - x) as [number, number];
      return { background: luminance(background), text: luminance(text), contrast: (light + 0.05) / (dark + 0.05) };
    });
}

describe.skipIf(!hasChromium)(browserSuite("the site in dark mode"), () => {
  const run = siteInChromium();

  for (const size of [
    { name: "1920x1080", width: 1920, height: 1080 },
    { name: "390x844", width: 390, height: 844 },
  ]) {
    it(`at ${size.name}: a guide, its code and the bar are dark, their text readable`, async () => {
      const page = await run.browser.newPage({ viewport: size, colorScheme: "dark" });
      await page.goto(`${run.site.base}guides/pagination-and-export.html`);
      for (const selector of ["main p", "main h1", ".site-nav a:not([aria-current])", "main pre code"]) {
        const drawn = await colours(page, selector);
        expect(drawn.background, selector).toBeLessThan(0.05);
        expect(drawn.contrast, selector).toBeGreaterThanOrEqual(4.5);
      }
      await page.screenshot({ path: join(artifacts, `dark-${size.name}-guide.png`) });
      await page.close();
    });
  }

  it("the reference: the bar is as dark as Redoc's page under it", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1920, height: 1080 }, colorScheme: "dark" });
    await page.goto(`${run.site.base}reference.html#/side-conversations/createsideconversation`);
    await page.locator("h2", { hasText: "Create a side conversation" }).first().waitFor();
    const bar = await colours(page, ".site-nav a:not(.brand)");
    const heading = await colours(page, "h2");
    expect(bar.background).toBeLessThan(0.05);
    expect(bar.contrast).toBeGreaterThanOrEqual(4.5);
    // Redoc's own page in the same setting: dark too, so the bar does not sit light over it.
    expect(heading.background).toBeLessThan(0.05);
    await page.screenshot({ path: join(artifacts, "dark-1920x1080-reference.png") });
    await page.close();
  });

  it("keeps the reader's choice between pages: Redoc's toggle darkens the bar and the guides, the guides' switch lightens the reference", async () => {
    // The system asks for light: every dark pixel below is the reader's choice.
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
    await page.goto(`${run.site.base}reference.html#/side-conversations/listsideconversations`);
    await page.locator("h2", { hasText: "List side conversations" }).first().waitFor();
    expect((await colours(page, ".site-nav a:not(.brand)")).background).toBeGreaterThan(0.9);
    await page.locator('[data-testid="color-mode-switcher"]').click();
    await page.waitForFunction(() => document.documentElement.classList.contains("dark"));
    const bar = await colours(page, ".site-nav a:not(.brand)");
    expect(bar.background).toBeLessThan(0.05);
    expect(bar.contrast).toBeGreaterThanOrEqual(4.5);

    // The next page, a guide: dark before its first paint (no script of Redoc's there).
    await page.goto(`${run.site.base}guides/sandbox.html`);
    for (const selector of ["main p", "main pre code", ".site-nav a:not([aria-current])"]) {
      const drawn = await colours(page, selector);
      expect(drawn.background, selector).toBeLessThan(0.05);
      expect(drawn.contrast, selector).toBeGreaterThanOrEqual(4.5);
    }
    // The guide's switch says what it does, and turns the site light again, the reference too.
    const toggle = page.locator(".site-nav .theme-toggle");
    expect(await toggle.getAttribute("aria-label")).toBe("Switch to light mode");
    await toggle.click();
    expect((await colours(page, "main p")).background).toBeGreaterThan(0.9);
    await page.goto(`${run.site.base}reference.html#/side-conversations/listsideconversations`);
    await page.locator("h2", { hasText: "List side conversations" }).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.className)).toBe("light");
    expect((await colours(page, "h2")).background).toBeGreaterThan(0.9);
    expect((await colours(page, ".site-nav a:not(.brand)")).background).toBeGreaterThan(0.9);
    await page.close();
  });

  it("the guides' switch, chosen dark on a light system, at 390 px: the bar and the page dark", async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: "light" });
    await page.goto(`${run.site.base}guides/getting-started.html`);
    await page.locator(".site-nav .theme-toggle").click();
    expect((await colours(page, "main p")).background).toBeLessThan(0.05);
    await page.goto(`${run.site.base}reference.html#/side-conversations/createsideconversation`);
    await page.locator("h2", { hasText: "Create a side conversation" }).first().waitFor();
    // Redoc scrolls to the operation once it has rendered it: the screenshot waits for that.
    await page.waitForFunction(() => {
      const heading = [...document.querySelectorAll("h2")].find((h) => h.textContent === "Create a side conversation");
      const top = heading?.getBoundingClientRect().top ?? -1;
      return top > 0 && top < innerHeight / 2;
    });
    expect((await colours(page, "h2")).background).toBeLessThan(0.05);
    await page.screenshot({ path: join(artifacts, "dark-390x844-reference.png") });
    await page.close();
  });

  it("stays light when the system asks for light (control)", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
    await page.goto(`${run.site.base}guides/pagination-and-export.html`);
    const drawn = await colours(page, "main p");
    expect(drawn.background).toBeGreaterThan(0.9);
    expect(drawn.contrast).toBeGreaterThanOrEqual(4.5);
    await page.close();
  });
});
