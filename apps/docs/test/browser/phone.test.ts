import { browserSuite, hasChromium } from "@sideconvo/test-kit/chromium";
import { describe, expect, it } from "vitest";
import { siteInChromium } from "../support/site-in-chromium.js";

// The site on a phone (390 × 844), as a reader meets it: every link of the bar within reach of the
// Menu button, by touch and by keyboard; copy buttons that cover no code; the reference's title
// broken between words; a tab title that names the operation on the screen.
const PHONE = { width: 390, height: 844 };

describe.skipIf(!hasChromium)(browserSuite("the site on a phone"), () => {
  const run = siteInChromium();

  it("reaches every link of the bar through the Menu button, each on the screen and tappable", async () => {
    for (const path of ["index.html", "guides/sandbox.html", "reference.html"]) {
      const page = await run.browser.newPage({ viewport: PHONE });
      await page.goto(`${run.site.base}${path}`);
      const menu = page.locator(".site-nav .menu-toggle");
      expect(await menu.getAttribute("aria-expanded")).toBe("false");
      const links = page.locator(".site-links a");
      const count = await links.count();
      expect(count).toBeGreaterThanOrEqual(12); // reference, console, nine guides, openapi.yaml
      expect(await links.first().isVisible()).toBe(false);
      await menu.click();
      expect(await menu.getAttribute("aria-expanded")).toBe("true");
      for (let i = 0; i < count; i++) {
        const link = links.nth(i);
        await link.scrollIntoViewIfNeeded();
        const box = await link.boundingBox();
        expect(box, `${path}: link ${i}`).not.toBeNull();
        expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, `${path}: link ${i} inside the screen`).toBe(
          true,
        );
        expect(box && box.height >= 24, `${path}: link ${i} big enough to tap`).toBe(true);
        // Nothing covers it: the point at its middle is the link.
        expect(
          await link.evaluate((a) => {
            const r = a.getBoundingClientRect();
            return a.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));
          }),
          `${path}: link ${i} not covered`,
        ).toBe(true);
      }
      // A tap on one goes there, and the menu folds again.
      await page.locator(".site-links a", { hasText: "Getting started" }).click();
      await page.waitForURL(/guides\/getting-started\.html$/);
      expect(await page.locator(".site-nav .menu-toggle").getAttribute("aria-expanded")).toBe("false");
      await page.close();
    }
  });

  it("works by keyboard: Enter opens the menu, Tab walks its links, Escape closes it and returns to the button", async () => {
    const page = await run.browser.newPage({ viewport: PHONE });
    await page.goto(`${run.site.base}index.html`);
    const menu = page.locator(".site-nav .menu-toggle");
    await menu.focus();
    await page.keyboard.press("Enter");
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("API reference");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Try it");
    await page.keyboard.press("Escape");
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await menu.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.close();
  });

  it("copy buttons sit above the code: no button covers a line of any block", async () => {
    const page = await run.browser.newPage({ viewport: PHONE });
    for (const path of ["index.html", "guides/getting-started.html", "guides/sandbox.html"]) {
      await page.goto(`${run.site.base}${path}`);
      await page.locator("pre button.copy").first().waitFor();
      const covered = await page.evaluate(() =>
        [...document.querySelectorAll("pre")].flatMap((pre, i) => {
          const button = pre.querySelector("button.copy")?.getBoundingClientRect();
          const code = pre.querySelector("code");
          if (!button || !code) return [];
          const range = document.createRange();
          range.selectNodeContents(code);
          return [...range.getClientRects()]
            .filter((line) => line.width > 0 && line.bottom > button.top && line.top < button.bottom)
            .filter((line) => line.right > button.left && line.left < button.right)
            .map(() => `block ${i}`);
        }),
      );
      expect(covered, path).toEqual([]);
    }
    await page.close();
  });

  it("breaks the reference's title between words, never inside one", async () => {
    const page = await run.browser.newPage({ viewport: PHONE });
    await page.goto(`${run.site.base}reference.html`);
    const title = page.locator("#redoc h1").first();
    await title.waitFor();
    // Each word of the title on one line: a word whose letters sit on two lines was broken.
    const broken = await title.evaluate((h1) => {
      const text = h1.firstChild as Text;
      const words = [...(text.textContent ?? "").matchAll(/\S+/g)];
      return words
        .filter((word) => {
          const range = document.createRange();
          range.setStart(text, word.index ?? 0);
          range.setEnd(text, (word.index ?? 0) + word[0].length);
          const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          return tops.size > 1;
        })
        .map((word) => word[0]);
    });
    expect(broken).toEqual([]);
    await page.close();
  });

  it("names the operation on the screen in the tab's title, and follows the reader through the reference", async () => {
    const page = await run.browser.newPage({ viewport: PHONE });
    await page.goto(`${run.site.base}reference.html#/side-conversations/createsideconversation`);
    await page.locator("h2", { hasText: "Create a side conversation" }).first().waitFor();
    expect(await page.title()).toBe("Create a side conversation · Zendesk Side Conversations and Conversation Log API");
    await page.evaluate(() => {
      location.hash = "#/conversation-log/listconversationlog";
    });
    await page.waitForFunction(() => document.title.startsWith("List the conversation log of a ticket · "));
    await page.evaluate(() => history.pushState(null, "", "#/side-conversation-events/exportsideconversationevents"));
    expect(await page.title()).toBe(
      "Export side-conversation events incrementally · Zendesk Side Conversations and Conversation Log API",
    );
    await page.close();
  });
});
