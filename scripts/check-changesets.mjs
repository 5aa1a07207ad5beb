// Every pending changeset must open with the front matter changesets reads: `---`, one
// `"package": patch|minor|major` per line, `---`. A Markdown formatter once turned it into a
// heading, which changesets would have skipped or refused at release time.
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("../.changeset/", import.meta.url);
// The workspace's packages (pnpm-workspace.yaml: packages/*, apps/*, openapi).
const folders = [
  "openapi",
  ...["packages", "apps"].flatMap((group) =>
    readdirSync(new URL(`../${group}/`, import.meta.url)).map((name) => `${group}/${name}`),
  ),
];
const names = new Set(
  folders.map((folder) => JSON.parse(readFileSync(new URL(`../${folder}/package.json`, import.meta.url), "utf8")).name),
);
const bad = [];
for (const file of readdirSync(dir).filter((name) => name.endsWith(".md") && name !== "README.md")) {
  const text = readFileSync(new URL(file, dir), "utf8");
  const front = /^---\n((?:"[^"]+": (?:patch|minor|major)\n)+)---\n/.exec(text);
  if (!front) bad.push(`${file}: no front matter of "package": patch|minor|major lines between --- lines`);
  for (const [, name] of front?.[1].matchAll(/"([^"]+)"/g) ?? []) {
    if (!names.has(name)) bad.push(`${file}: "${name}" is not a package of this repository`);
  }
}
if (bad.length) {
  console.error(`changesets:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}
