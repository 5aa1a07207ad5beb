// Debian's Chromium (installed by .ci/run with apt), for the browser tests and the page benchmark.
// Playwright cannot download browsers here.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

// The flags that keep Chromium from reaching for Google's services on a closed network; each
// launch gets a fresh temporary profile from Playwright.
export const launchChromium = () =>
  chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });

/**
 * The title of a browser test suite: as given, or saying why it is skipped. In CI a missing
 * Chromium is an error, not a skip (.ci/run installs it).
 */
export function browserSuite(title) {
  if (!hasChromium && process.env.CI)
    throw new Error(`CI needs Chromium at ${chromiumPath}: .ci/run installs it with apt`);
  return hasChromium ? title : `${title} (skipped: no Chromium at ${chromiumPath}; .ci/run installs it)`;
}
