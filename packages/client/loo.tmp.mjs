import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";

const r = await build({
  entryPoints: ["dist/index.js"],
  bundle: true,
  minifyIdentifiers: true,
  minifySyntax: true,
  format: "esm",
  platform: "neutral",
  write: false,
  logLevel: "silent",
});
const text = r.outputFiles[0].text;
const parts = text.split(/^\/\/ (dist\/[^\n]+)\n/m);
const mods = [];
for (let i = 1; i < parts.length; i += 2) mods.push([parts[i], parts[i + 1]]);
const head = parts[0];
const gz = async (code) => gzipSync(code.replace(/^\s+/gm, ""), { level: 9 }).length;
const total = await gz(head + mods.map((m) => m[1]).join("\n"));
console.log("total", total);
for (const [name] of mods) {
  const without = await gz(
    head +
      mods
        .filter((m) => m[0] !== name)
        .map((m) => m[1])
        .join("\n"),
  );
  console.log(String(total - without).padStart(6), name);
}
