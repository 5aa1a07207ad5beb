import { readFileSync } from "node:fs";

/**
 * The folders of the packages we publish: packed, served, installed and released by these tests,
 * and packed by `npm run pack` (scripts/pack.mjs), from the one list in scripts/published.json.
 */
export const PUBLISHED: string[] = JSON.parse(
  readFileSync(new URL("../../../../scripts/published.json", import.meta.url), "utf8"),
);
