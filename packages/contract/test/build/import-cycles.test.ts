// No package's sources import in a circle, types included: a cycle makes the order modules load in
// decide what is defined, and tells of two files that are one concern. Every relative import and
// re-export of every package's src/ (generated code aside) is followed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

function sources(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "generated") sources(path, found);
    } else if (/\.ts$/.test(name) && !name.endsWith(".d.ts")) found.push(path);
  }
  return found;
}

/** Each cycle of relative imports among `files` (given as file → its text), as "a → b → a". */
function cyclesOf(files: Map<string, string>): string[] {
  const graph = new Map<string, string[]>();
  for (const [file, text] of files)
    graph.set(
      file,
      [...text.matchAll(/(?:import|export)[^"']*?from\s+["'](\.{1,2}\/[^"']+)["']/g)]
        .map((m) => resolve(dirname(file), (m[1] as string).replace(/\.js$/, ".ts")))
        .filter((target) => files.has(target)),
    );
  const found = new Set<string>();
  const stack: string[] = [];
  const done = new Set<string>();
  const visit = (file: string) => {
    if (stack.includes(file)) {
      const loop = stack.slice(stack.indexOf(file));
      found.add([...loop, file].map((f) => relative(root, f)).join(" → "));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    stack.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return [...found];
}

describe("imports", () => {
  const packages = [
    "openapi",
    ...["packages", "apps"].flatMap((g) => readdirSync(join(root, g)).map((n) => `${g}/${n}`)),
  ]
    .map((dir) => join(root, dir, "src"))
    .filter((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());

  it("form no cycle in any package's sources, types included", () => {
    expect(packages.length).toBeGreaterThan(6);
    for (const dir of packages) {
      const files = new Map(sources(dir).map((file) => [resolve(file), readFileSync(file, "utf8")]));
      expect(cyclesOf(files), relative(root, dir)).toEqual([]);
    }
  });

  it("would find a type-only cycle (control)", () => {
    const a = resolve(root, "x/src/a.ts");
    const b = resolve(root, "x/src/b.ts");
    const files = new Map([
      [a, 'import type { B } from "./b.js";\nexport type A = B;'],
      [b, 'import type { A } from "./a.js";\nexport type B = { a?: A };'],
    ]);
    expect(cyclesOf(files)).toEqual(["x/src/a.ts → x/src/b.ts → x/src/a.ts"]);
  });
});
