import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserSuite, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markup, referenceRoutes } from "../../scripts/checks.mjs";
import { serveSite } from "../support/site-server.js";

// Every link of every page, the reference's sidebar included, opened as a reader opens it, under the
// sub-path the site is served from (/sideconvo/): a page in a fresh tab; a heading or a reference
// route by a click in the loaded page (and a sample of those in a fresh tab too).
// Each must land on a page that shows, in view and below the navigation bar, what the link names:
// a guide its title, a heading that heading, a reference route its operation, tag or section.
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const spec = JSON.parse(readFileSync(join(appDir, "../../openapi/dist/openapi.json"), "utf8")) as {
  info: { title: string; description: string };
  tags: { name: string }[];
  paths: Record<string, Record<string, { operationId: string; summary: string; tags: string[] }>>;
};
/** What each reference route shows: the heading a reader expects to see there (the build's list). */
const routes: Map<string, string> = referenceRoutes(spec);
const pages = [
  "index.html",
  "reference.html",
  ...readdirSync(join(appDir, "content/guides")).map((n) => `guides/${n.replace(/\.md$/, ".html")}`),
];

describe.skipIf(!hasChromium)(browserSuite("every link opened under a sub-path"), () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;
  const links = new Map<string, string>(); // absolute URL → where it was found

  /** The links a page carries: in its markup as served (before any script), and once Redoc has run. */
  async function collect(path: string) {
    const html = await (await fetch(site.base + path)).text();
    for (const [, href] of markup(html).matchAll(/<a\b[^>]*\shref="([^"]*)"/g))
      links.set(new URL(href as string, site.base + path).href, `${path} (markup)`);
    if (path !== "reference.html") return;
    // Redoc's sidebar lists a group's operations once the group is open: open each in turn.
    const page = await browser.newPage();
    for (const route of ["/", ...[...routes.keys()].filter((r) => r.split("/").length === 2 && r !== "/")]) {
      await page.goto(`${site.base}reference.html#${route}`);
      await page.locator("h1, h2").first().waitFor();
      const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      for (const href of hrefs)
        if (/^#\/[^#]*$/.test(href))
          links.set(new URL(href, `${site.base}reference.html`).href, `reference.html (Redoc)`);
    }
    await page.close();
  }

  beforeAll(async () => {
    mkdirSync(join(appDir, "test-artifacts"), { recursive: true });
    site = await serveSite(join(appDir, "dist"));
    browser = await launchChromium();
    for (const path of pages) await collect(path);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** What a link names: the text of the heading its target must show. */
  async function named(page: Page, url: URL): Promise<string> {
    const fragment = decodeURIComponent(url.hash.slice(1));
    if (url.pathname.endsWith("/reference.html")) {
      const expected = routes.get(fragment || "/");
      if (!expected) throw new Error(`${url.href}: the reference has no route ${fragment}`);
      return expected;
    }
    if (fragment) return (await page.locator(`[id="${fragment}"]`).textContent())?.trim() ?? `#${fragment}`;
    return (await page.locator("main h1").textContent())?.trim() ?? "";
  }

  it("finds the pages' links, every page and every route of Redoc's among them", () => {
    const all = [...links.keys()];
    for (const path of pages) expect(all).toContain(site.base + path);
    for (const route of routes.keys()) expect(all).toContain(`${site.base}reference.html#${route}`);
  });

  it("never links outside the sub-path", () => {
    const outside = [...links].filter(([href]) => href.startsWith(site.origin) && !href.startsWith(site.base));
    expect(outside).toEqual([]);
  });

  /**
   * Opens `href`: in a fresh tab, or (`tab`) in an already loaded reference by changing its route,
   * as a click on one of its links does. A sentence saying what went wrong, or null when it shows
   * what the link names.
   */
  async function land(href: string, { css = "", tab }: { css?: string; tab?: Page } = {}): Promise<string | null> {
    const first = await landOnce(href, css, tab);
    if (!first || !href.includes("reference.html#/")) return first;
    // Seen twice in ~2,000 loads, both under a whole `npm test`'s load: Redoc 3 came to rest about
    // 270 px past an operation it had scrolled to, and stayed there. Not reproduced alone or under CPU
    // load; a fresh tab is tried, and the first miss is printed, not hidden.
    console.info(`Redoc missed its target once, trying a fresh tab: ${first}`);
    return landOnce(href, css);
  }

  async function landOnce(href: string, css: string, tab?: Page): Promise<string | null> {
    const page = tab ?? (await browser.newPage({ viewport: { width: 1280, height: 800 } }));
    if (css)
      await page.route("**/site.css", async (r) =>
        r.fulfill({ contentType: "text/css", body: `${await (await r.fetch()).text()}\n${css}` }),
      );
    try {
      if (tab) {
        // In the loaded page, as a click on a link to one of its headings or routes: load the page
        // once, then change only the fragment.
        const [bare = "", fragment = ""] = href.split("#");
        if (tab.url().split("#")[0] !== bare) {
          const response = await tab.goto(bare);
          if (response?.status() !== 200) return `${bare} answers ${response?.status()}`;
        }
        await tab.evaluate((hash) => {
          window.location.hash = hash;
        }, `#${fragment}`);
      } else {
        const response = await page.goto(href);
        if (response?.status() !== 200) return `${href} answers ${response?.status()}`;
      }
      const expected = await named(page, new URL(href));
      // Exactly the text (Redoc adds the version to the title: "… API (1.0.0)").
      const exactly = new RegExp(`^\\s*${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s*\\([\\w.]+\\))?\\s*$`);
      const heading = page.locator("h1, h2, h3, h4").filter({ hasText: exactly }).first();
      await heading.waitFor({ state: "visible", timeout: 10_000 });
      // Where the page came to rest: the heading in the window, not under the bar, not covered.
      const inView = () =>
        heading.evaluate((element) => {
          const box = element.getBoundingClientRect();
          const nav = document.querySelector(".site-nav")?.getBoundingClientRect();
          const drawn = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
          return box.top >= (nav?.bottom ?? 0) - 1 && box.bottom <= window.innerHeight && element.contains(drawn);
        });
      for (let tries = 0; tries < 20 && !(await inView()); tries++) await page.waitForTimeout(250);
      if (await inView()) return null;
      await page.screenshot({
        path: join(appDir, "test-artifacts", `missed-${new URL(href).hash.replace(/\W+/g, "-")}.png`),
      });
      return `${href} shows "${expected}" out of view or under the navigation bar`;
    } catch (error) {
      return `${href}: ${(error as Error).message.split("\n")[0]}`;
    } finally {
      if (!tab) await page.close();
    }
  }

  it("lands every link on what it names, in view, below the navigation bar", async () => {
    const failures: string[] = [];
    // A link without a fragment opens in a fresh tab. A link to a heading of a guide or to a route of
    // the reference lands in one loaded page, fragment after fragment, as a reader clicks through
    // it; a sample (the first and the last of each page's headings, and of each kind of route: the
    // overview, a tag, an operation, a section) also in a fresh tab.
    const own = [...links].filter(([href]) => href.startsWith(site.base)); // links out load nothing
    const fragments = own.filter(([href]) => href.includes("#"));
    const group = (href: string) => {
      const [page = "", hash = ""] = href.split("#");
      return page.endsWith("reference.html") ? `reference ${hash.split("/").length}` : page;
    };
    const sample = new Set(
      [...new Set(fragments.map(([href]) => group(href)))].flatMap((g) => {
        const ofGroup = fragments.filter(([href]) => group(href) === g);
        return [ofGroup[0]?.[0], ofGroup.at(-1)?.[0]];
      }),
    );
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    for (const [href, from] of own) {
      // A file for tools (the spec, llms.txt): it answers, whole, with its type; no heading to see.
      if (/\.(json|ya?ml|txt|xml|md)$/.test(new URL(href).pathname)) {
        const response = await fetch(href);
        if (response.status !== 200 || (await response.text()).length < 100)
          failures.push(`${href} answers ${response.status} (linked from ${from})`);
        continue;
      }
      const inTab = href.includes("#");
      const failure =
        (inTab ? await land(href, { tab }) : null) ?? (!inTab || sample.has(href) ? await land(href) : null);
      if (failure) failures.push(`${failure} (linked from ${from})`);
    }
    await tab.close();
    expect(sample.size).toBeGreaterThanOrEqual(4);
    expect(failures).toEqual([]);
  }, 300_000);

  it("would report Redoc's prerendered link as it was, and a heading hidden under the bar (controls)", async () => {
    // href="/side-conversations" under /sideconvo/ resolves to the server's root.
    // (Chromium reports an empty 404 page as ERR_HTTP_RESPONSE_CODE_FAILURE.)
    expect(await land(new URL("/side-conversations", site.base).href)).toMatch(
      /answers 404$|ERR_HTTP_RESPONSE_CODE_FAILURE/,
    );
    // A heading far down a guide, linked directly, with the margin that keeps it below the bar removed.
    const anchored = `${site.base}guides/contract-testing.html#from-a-shell-or-another-test-runner`;
    expect(await land(anchored)).toBeNull();
    expect(await land(anchored, { css: "body.site [id] { scroll-margin-top: 0 }" })).toMatch(
      /under the navigation bar$/,
    );
  }, 60_000);
});
