import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserSuite, hasChromium } from "@sideconvo/test-kit/chromium";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { artifacts, siteInChromium } from "../support/site-in-chromium.js";

// One search over the guides, their code, the landing page and the reference, from the box in the
// bar of every page, as a reader types it; the results lead where they say, under a sub-path.
const appDir = fileURLToPath(new URL("../..", import.meta.url));

async function search(page: Page, words: string) {
  // The last search's results cleared first, so that only this one's are read.
  await page.evaluate(() => {
    document.querySelector(".site-search-results [role=listbox]")?.replaceChildren();
    document.querySelector(".site-search-results .none")?.remove();
  });
  await page.locator(".site-search input").fill(words);
  await page.locator(".site-search-results a, .site-search-results .none").first().waitFor();
  return page.locator(".site-search-results a").evaluateAll((links) =>
    links.map((a) => ({
      href: a.getAttribute("href") ?? "",
      title: a.querySelector("strong")?.textContent ?? "",
      kind: a.querySelector(".kind")?.textContent ?? "",
      excerpt: a.querySelector(".excerpt")?.textContent ?? "",
    })),
  );
}

describe.skipIf(!hasChromium)(browserSuite("the site's search"), () => {
  const run = siteInChromium();

  it("finds a word only a guide has, and its result opens that guide's section", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${run.site.base}index.html`);
    // workflow_dispatch is in the verify guide's workflow (code) only.
    const found = await search(page, "workflow_dispatch");
    expect(found[0]?.href).toMatch(new RegExp(`^${new URL(run.site.base).pathname}guides/verify-in-ci\\.html(#|$)`));
    await page.locator(".site-search-results a").first().click();
    await page.waitForURL(/guides\/verify-in-ci\.html/);
    expect(await page.locator("main h1").textContent()).toBe("Verify the contract in your CI");
    await page.close();
  });

  it("finds what Redoc's search did not: a guide's words and code (checkpoint, iterate, Vitest, sandbox)", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${run.site.base}guides/getting-started.html`);
    for (const [words, page_] of [
      ["checkpoint", "guides/pagination-and-export.html"],
      ["iterate", "guides/pagination-and-export.html"],
      ["Vitest", "guides/contract-testing.html"],
      ["sandbox", "guides/sandbox.html"],
    ] as const) {
      const found = await search(page, words);
      expect(
        found.map((result) => result.href.replace(new URL(run.site.base).pathname, "").replace(/#.*/, "")),
        words,
      ).toContain(page_);
    }
    // Snippets keep the spaces around code: "--checkpoint export.json", as the guide writes it.
    const checkpoint = await search(page, "checkpoint");
    expect(checkpoint.map((result) => result.excerpt).join("\n")).toContain("--checkpoint export.json");
    await page.screenshot({ path: join(artifacts, "search-1920x1080.png") });
    await page.close();
  });

  it("finds an operation of the reference and opens it at its route", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}guides/cli.html`);
    const found = await search(page, "incremental export");
    const operation = found.find((result) => result.title === "Export side-conversation events incrementally");
    expect(operation?.href).toBe(
      `${new URL(run.site.base).pathname}reference.html#/side-conversation-events/exportsideconversationevents`,
    );
    await page
      .locator(
        `.site-search-results a[href="${new URL(run.site.base).pathname}reference.html#/side-conversation-events/exportsideconversationevents"]`,
      )
      .click();
    await page.locator("h2", { hasText: "Export side-conversation events incrementally" }).first().waitFor();
    await page.close();
  });

  it("answers on the reference page, whose box comes before Redoc's script", async () => {
    // site.js comes right after the bar, not deferred: it runs while the page still parses, before
    // the loader of Redoc's script (reference.js) at its end.
    const html = readFileSync(join(appDir, "dist/reference.html"), "utf8");
    const at = html.indexOf('</nav>\n<script src="site.js"></script>');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(html.indexOf('script.src = "reference.js"'));
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}reference.html`, { waitUntil: "commit" });
    const found = await search(page, "conversation log cursor");
    expect(found.map((result) => result.title)).toContain("List the conversation log of a ticket");
    await page.close();
  });

  it("at 390 px: the box is in the bar, the results fit the screen, Escape closes them", async () => {
    const page = await run.browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${run.site.base}guides/sandbox.html`);
    const box = await page.locator(".site-search input").boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    expect(box && box.y + box.height).toBeLessThanOrEqual(42);
    const found = await search(page, "reset");
    expect(found.length).toBeGreaterThan(0);
    const panel = await page.locator(".site-search-results").boundingBox();
    expect(panel && panel.x >= 0 && panel.x + panel.width <= 390).toBe(true);
    await page.screenshot({ path: join(artifacts, "search-390x844.png") });
    await page.locator(".site-search input").press("Escape");
    expect(await page.locator(".site-search-results").isHidden()).toBe(true);
    await page.close();
  });

  it("says so when nothing matches", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}index.html`);
    expect(await search(page, "zzzqqqxxy")).toEqual([]);
    expect(await page.locator(".site-search-results .none").textContent()).toBe("Nothing found for “zzzqqqxxy”.");
    await page.close();
  });

  it("finds every field and parameter by its name, its own record first (what Redoc's box finds, one search)", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}index.html`);
    for (const [name, kind, operation] of [
      ["msteams_channel_id", "Field", "createsideconversation"],
      ["side_conversation_id", "Field", "showsideconversation"],
      ["preview_text", "Field", ""],
      ["start_time", "Parameter", "exportsideconversationevents"],
      ["include", "Parameter", "listsideconversations"],
    ] as const) {
      const [first] = await search(page, name);
      expect(first?.title, name).toBe(name);
      expect(first?.kind, name).toBe(` · ${kind}`);
      expect(first?.href, name).toMatch(
        new RegExp(`reference\\.html\\?${kind.toLowerCase()}=${name}#/[a-z-]+/${operation}`),
      );
      // Its record says where it is: every operation, request or answer, with the field's path.
      expect(first?.excerpt.length, name).toBeGreaterThan(0);
    }
    await page.close();
  });

  it("does not answer nonsense with the pages of a shorter word (no match by prefix of the query)", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}index.html`);
    for (const nonsense of ["sidecarxyz", "conversationz", "msteamsqq", "exportzzz checkpoint"]) {
      expect(await search(page, nonsense), nonsense).toEqual([]);
      expect(await page.locator(".site-search-results .none").textContent()).toBe(`Nothing found for “${nonsense}”.`);
    }
    // The control: the real words are found, and a plural finds its singular.
    expect((await search(page, "conversation")).length).toBeGreaterThan(0);
    expect((await search(page, "checkpoints")).length).toBeGreaterThan(0);
    await page.close();
  });

  it("is a WAI-ARIA combobox a reader works with the keyboard only: Tab to it, type, arrow to a field, Enter lands on it", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}guides/getting-started.html`);
    const box = page.locator(".site-search input");
    // Tab from the top of the page until the search box has the focus: no mouse anywhere.
    for (let tabs = 0; tabs < 30 && !(await box.evaluate((input) => input === document.activeElement)); tabs++)
      await page.keyboard.press("Tab");
    expect(await box.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await box.getAttribute("role")).toBe("combobox");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.type("msteams_channel_id");
    await page.locator('.site-search-results [role="option"]').first().waitFor();
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const listbox = await box.getAttribute("aria-controls");
    expect(await page.locator(`#${listbox}`).getAttribute("role")).toBe("listbox");
    expect(await page.locator('[role="status"]').textContent()).toMatch(/^\d+ results?, arrow keys/);
    const selected = () =>
      page.evaluate(() => {
        const id = document.querySelector(".site-search input")?.getAttribute("aria-activedescendant");
        const option = id ? document.getElementById(id) : null;
        return {
          focusInBox: document.activeElement?.matches(".site-search input") ?? false,
          title: option?.querySelector("strong")?.textContent ?? null,
          selected: option?.getAttribute("aria-selected") ?? null,
        };
      });
    expect((await selected()).title).toBeNull();
    await page.keyboard.press("ArrowDown");
    expect(await selected()).toEqual({ focusInBox: true, title: "msteams_channel_id", selected: "true" });
    await page.keyboard.press("ArrowDown");
    const second = await selected();
    expect(second.title).not.toBe("msteams_channel_id");
    expect(second.focusInBox).toBe(true);
    await page.keyboard.press("ArrowUp");
    expect((await selected()).title).toBe("msteams_channel_id");
    await page.keyboard.press("Enter");
    await page.waitForURL(/reference\.html\?field=msteams_channel_id#\/side-conversations\/createsideconversation$/);
    await page.locator("h2", { hasText: "Create a side conversation" }).first().waitFor();
    await page.close();
  });

  it("Escape closes the list and keeps the words; a second Escape clears them", async () => {
    const page = await run.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${run.site.base}index.html`);
    await search(page, "checkpoint");
    const box = page.locator(".site-search input");
    await box.press("Escape");
    expect(await page.locator(".site-search-results").isHidden()).toBe(true);
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.inputValue()).toBe("checkpoint");
    await box.press("Escape");
    expect(await box.inputValue()).toBe("");
    await page.close();
  });
});
