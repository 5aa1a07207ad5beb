// Copies the docs' guides (apps/docs/content/guides/*.md) into dist/guides/, where the server
// serves them as MCP resources: an agent reads the same guides a person reads on the docs site.
// Only each guide's title is kept of its front matter (as the first line's heading already says it).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const from = fileURLToPath(new URL("../../../apps/docs/content/guides/", import.meta.url));
const to = fileURLToPath(new URL("../dist/guides/", import.meta.url));
mkdirSync(to, { recursive: true });
const index = [];
for (const file of readdirSync(from)
  .filter((name) => name.endsWith(".md"))
  .sort()) {
  const text = readFileSync(join(from, file), "utf8");
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const title = front && /^title:\s*(.+)$/m.exec(front[1])?.[1]?.trim();
  if (!title) throw new Error(`${file} has no title in its front matter`);
  writeFileSync(join(to, file), text.slice(front[0].length).replace(/^\n+/, ""));
  index.push({ file, title });
}
writeFileSync(join(to, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
process.stdout.write(`[mcp] ${index.length} guides copied to dist/guides\n`);
