import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { browserSuite, hasChromium } from "@sideconvo/test-kit/chromium";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { siteInChromium } from "../support/site-in-chromium.js";

// axe-core (every rule it runs by default: WCAG 2.x A and AA, and its best practices) on every page
// of the built site, in the four ways a reader meets it: light and dark, desktop and phone width.
// Our pages have no violation; the reference (Redoc's markup) has none either, after the contrast
// variables and the sidebar's landmark the build and site.js add (see the docs README).
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const pages = [
  "index.html",
  "changelog.html",
  "console.html",
  ...readdirSync(join(appDir, "dist/guides"))
    .filter((file) => file.endsWith(".html"))
    .map((file) => `guides/${file}`),
];
const spec = JSON.parse(readFileSync(join(appDir, "dist/openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, { operationId?: string; summary?: string; tags?: string[] }>>;
};
const operationTitles = new Map(
  Object.values(spec.paths).flatMap((item) =>
    Object.values(item)
      .filter((op) => op?.operationId)
      .map((op) => [
        `#/${(op.tags?.[0] ?? "").toLowerCase().replace(/\s+/g, "-")}/${op.operationId?.toLowerCase()}`,
        op.summary ?? "",
      ]),
  ),
);
const operationRoutes = [...operationTitles.keys()];
const MODES = [
  ["light", 1280],
  ["dark", 1280],
  ["light", 390],
  ["dark", 390],
] as const;

interface Found {
  id: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * What Redoc's own markup keeps that its theme cannot change, each said where it is: its schema
 * names' colours, a palette fixed in its script (one of them 3.97:1 on white); an <h4> under an
 * <h2> in its request and answer panels; its sample tabs named "Example" whatever they show.
 */
const REDOC_KEEPS: Record<string, (target: string) => boolean> = {
  "color-contrast": (target) => target.includes(".schema-name"),
  "heading-order": (target) => target.endsWith("> h4"),
  "label-content-name-mismatch": (target) => target.includes('[aria-label="Example"]') || /\.sc-\w+$/.test(target),
};
const kept = new Map<string, number>();

/** axe's violations on the page as it is now, one line each: rule, count, first places. */
async function violations(page: Page, allowed: Record<string, (target: string) => boolean> = {}): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  const found = (await page.evaluate(
    async () =>
      (
        await (
          window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: unknown[] }> } }
        ).axe.run(document, { resultTypes: ["violations"] })
      ).violations,
  )) as Found[];
  for (const v of found) {
    const allow = allowed[v.id];
    if (!allow) continue;
    const left = v.nodes.filter((n) => !allow(n.target.join(" ")));
    kept.set(v.id, (kept.get(v.id) ?? 0) + v.nodes.length - left.length);
    v.nodes = left;
  }
  return found
    .filter((v) => v.nodes.length)
    .map(
      (v) =>
        `${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 2)
          .map((n) => `${n.target.join(" ")} ${n.failureSummary?.split("\n")[1]?.trim() ?? ""}`)
          .join(" | ")}`,
    );
}

async function open(browser: Browser, base: string, path: string, scheme: "light" | "dark", width: number) {
  const context = await browser.newContext({ viewport: { width, height: 800 }, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(`${base}${path}`);
  return { page, close: () => context.close() };
}

describe.skipIf(!hasChromium)(
  browserSuite("accessibility (axe-core) of every page, light and dark, 1280 and 390 px"),
  () => {
    const run = siteInChromium();

    it.each(MODES)("our pages in %s at %i px: no violation", async (scheme, width) => {
      const problems: string[] = [];
      for (const path of pages) {
        const { page, close } = await open(run.browser, run.site.base, path, scheme, width);
        problems.push(...(await violations(page)).map((line) => `${path}: ${line}`));
        await close();
      }
      expect(problems).toEqual([]);
    });

    it.each(MODES)(
      "the search box with its results open, and the console's answers, in %s at %i px",
      async (scheme, width) => {
        const { page, close } = await open(run.browser, run.site.base, "console.html", scheme, width);
        await page.locator(".site-search input").fill("checkpoint");
        await page.locator('.site-search-results [role="option"]').first().waitFor();
        await page.keyboard.press("ArrowDown");
        expect(await violations(page), "search open").toEqual([]);
        await page.locator(".site-search input").press("Escape");
        await page.selectOption("select[name=operation]", "createSideConversation");
        // A success, then a refusal (the status the console colours as failed).
        await page.click(".sc-send");
        await page.locator(".sc-console-status").waitFor();
        await page.waitForFunction(
          () => !/^Sending/.test(document.querySelector(".sc-console-status")?.textContent ?? ""),
        );
        expect(await violations(page), "an answer").toEqual([]);
        await page.fill(
          "textarea[name=body]",
          JSON.stringify({ message: { body: "x", to: [{ email: "not-an-address" }] } }),
        );
        await page.click(".sc-send");
        await page.locator(".sc-console-status.failed").waitFor();
        expect(await violations(page), "a refusal").toEqual([]);
        await close();
      },
    );

    it.each(MODES)("the reference (its overview and every operation's route) in %s at %i px", async (scheme, width) => {
      const { page, close } = await open(run.browser, run.site.base, "reference.html", scheme, width);
      // Redoc renders the overview's last sections as they scroll into view: scrolled to its end.
      await page.locator("h2", { hasText: "Conventions worth knowing" }).first().waitFor({ state: "attached" });
      await page.waitForFunction(() => {
        window.scrollTo(0, document.body.scrollHeight);
        return [...document.querySelectorAll("h2")].some((h2) => h2.textContent === "Conversation Log");
      });
      await page.locator(".menu-content[role=navigation]").waitFor({ state: "attached" });
      const problems = (await violations(page, REDOC_KEEPS)).map((line) => `overview: ${line}`);
      for (const route of operationRoutes) {
        await page.evaluate((hash) => {
          location.hash = hash;
        }, route);
        await page
          .locator("h1, h2", { hasText: operationTitles.get(route) ?? "" })
          .first()
          .waitFor();
        problems.push(...(await violations(page, REDOC_KEEPS)).map((line) => `${route}: ${line}`));
      }
      expect(problems).toEqual([]);
      await close();
    });
  },
);
