import { build } from "esbuild";

const r = await build({
  entryPoints: ["dist/index.js"],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  write: false,
  logLevel: "silent",
});
process.stdout.write(r.outputFiles[0].text);
