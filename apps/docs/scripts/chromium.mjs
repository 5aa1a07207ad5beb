// Debian's Chromium for the page benchmark (bench/page.mjs): the test kit's launch, one copy of the
// flags that keep it off the closed network. Node runs the kit's TypeScript source as it is.
export { browserSuite, chromiumPath, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
