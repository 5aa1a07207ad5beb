// Debian's Chromium (.ci/run installs it with apt; Playwright cannot download browsers here),
// launched with the flags that keep it off the closed network.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

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

/** The suite's title, or why it is skipped; in CI a missing Chromium is an error (.ci/run installs it). */
export function browserSuite(title: string): string {
  const found = hasChromium;
  if (!found && process.env.CI) throw new Error(`CI needs Chromium at ${chromiumPath}: .ci/run installs it with apt`);
  return found ? title : `${title} (skipped: no Chromium at ${chromiumPath}; .ci/run installs it)`;
}
