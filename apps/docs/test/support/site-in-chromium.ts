import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "@sideconvo/test-kit/chromium";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { serveSite } from "./site-server.js";

const appDir = fileURLToPath(new URL("../..", import.meta.url));
/** Where the browser tests put their screenshots. */
export const artifacts = join(appDir, "test-artifacts");

/**
 * For a browser suite: the built site served under a sub-path and one Chromium, started before
 * the suite's tests and closed after them. Read `browser` and `site` inside the tests.
 */
export function siteInChromium() {
  const running = {} as { browser: Browser; site: Awaited<ReturnType<typeof serveSite>> };
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    running.site = await serveSite(join(appDir, "dist"));
    running.browser = await launchChromium();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.site?.close();
  });
  return running;
}
