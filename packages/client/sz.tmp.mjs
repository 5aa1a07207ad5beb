import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ext = process.argv[3] ? process.argv[3].split(",") : [];
const r = await build({
  entryPoints: [process.argv[2]],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  write: false,
  logLevel: "silent",
  external: ext,
  metafile: true,
});
const out = r.outputFiles[0].contents;
console.log("min", out.byteLength, "gz", gzipSync(out, { level: 9 }).byteLength);
const a = r.metafile.outputs[Object.keys(r.metafile.outputs)[0]].inputs;
for (const [k, v] of Object.entries(a).sort((x, y) => y[1].bytesInOutput - x[1].bytesInOutput))
  console.log(v.bytesInOutput, k);
