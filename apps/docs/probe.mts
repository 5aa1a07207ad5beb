import { launchChromium } from "@sideconvo/test-kit/chromium";
import { serveSite } from "./test/support/site-server.ts";
const site = await serveSite(process.cwd() + "/dist");
const browser = await launchChromium();
const page = await browser.newPage();
await page.goto(`${site.base}index.html`);
for (const q of process.argv.slice(2)) {
  await page.evaluate(() => document.querySelector(".site-search-results [role=listbox]")?.replaceChildren());
  await page.evaluate(() => document.querySelector(".site-search-results .none")?.remove());
  await page.locator(".site-search input").fill(q);
  await page.locator(".site-search-results a, .site-search-results .none").first().waitFor();
  const r = await page.locator(".site-search-results a").evaluateAll((as) => as.map((a) => `${a.querySelector("strong")?.textContent} | ${a.getAttribute("href")}`));
  console.log(q, "=>", r.slice(0, 4));
}
await browser.close(); await site.close();
