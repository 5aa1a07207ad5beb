import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

// The whole client entry, bundled and minified with its dependencies (openapi-fetch), as a
// browser or edge bundle would carry it. The target is 6 kB gzip; the client is not
// there yet (see BENCHMARKS.md), so this guard fails on growth past the figure we reached.
const GUARD_BYTES = 10_500;
const TARGET_BYTES = 6 * 1024;

async function gzippedBundle(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
  });
  return gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).byteLength;
}

describe("bundle size", () => {
  it("keeps the client entry, with openapi-fetch, under its guard", async () => {
    const client = await gzippedBundle(fileURLToPath(new URL("../../dist/index.js", import.meta.url)));
    const openapiFetch = await gzippedBundle(fileURLToPath(import.meta.resolve("openapi-fetch")));
    console.info(
      `client entry: ${client} B min+gzip (openapi-fetch alone ${openapiFetch} B, ${(client / openapiFetch).toFixed(2)}x); ` +
        `target ${TARGET_BYTES} B ${client <= TARGET_BYTES ? "met" : "not met"}`,
    );
    expect(client).toBeLessThanOrEqual(GUARD_BYTES);
  });
});
