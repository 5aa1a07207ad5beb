#!/usr/bin/env node
// `npm run pack`: the packages as `npm publish` would upload them, as tarballs in tarballs/, for a
// project to install before the first release (until then `npm install @sideconvo/...` answers
// E404). Prints `npm install` lines that install a package with those it needs from here: given in
// one command, the tarballs satisfy each other's @sideconvo dependencies, and only third-party
// packages come from the registry. `npm run pack` builds first; run alone, it needs the build.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
// The folders of the packages we publish: one list, which the consumer tests pack and install too.
const PUBLISHED = JSON.parse(readFileSync(join(root, "scripts/published.json"), "utf8"));
// --out DIR: where the tarballs go (the tests pack into a folder of their own). Default tarballs/.
const { values } = parseArgs({ options: { out: { type: "string", default: join(root, "tarballs") } } });
const out = resolve(values.out);

for (const dir of PUBLISHED)
  if (!existsSync(join(root, dir, "dist")) && dir !== "openapi")
    throw new Error(`${dir} is not built: run \`pnpm turbo run build\` (or npm start) first`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
for (const dir of PUBLISHED)
  execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd: join(root, dir), stdio: "pipe" });
const files = readdirSync(out)
  .filter((file) => file.endsWith(".tgz"))
  .sort();
/** The tarball of a package by its short name (`client` for sideconvo-client-x.y.z.tgz), as a path. */
const tarball = (name) => {
  const file = files.find((f) => f.startsWith(`sideconvo-${name}-`));
  if (!file) throw new Error(`pnpm pack made no tarball of @sideconvo/${name} in ${out}`);
  return join(out, file);
};
process.stdout.write(
  `Packed ${files.length} packages into ${relative(process.cwd(), out) || "."}/:\n${files.map((f) => `  ${f}`).join("\n")}\n\n` +
    `In your project, install what you use with what it depends on here, in one command, e.g. the client:\n` +
    `  npm install ${tarball("client")}\n` +
    `the sandbox with the client:\n` +
    `  npm install --save-dev ${["client", "openapi", "sandbox"].map(tarball).join(" ")}\n` +
    `or all of them:\n  npm install ${files.map((file) => join(out, file)).join(" ")}\n`,
);
