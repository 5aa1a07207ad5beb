import { execFileSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";

// What each tarball carries, as `npm publish` would upload it: README, LICENSE, package.json and
// the built dist/ (the spec's bundle for @sideconvo/openapi); every file the manifest points to; no
// tests, sources or source maps; README links that work on the registry's page.
const tarballs = inject("tarballs");

function contents(tarball: string) {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((file) => file.replace(/^package\//, ""));
  const read = (file: string) => execFileSync("tar", ["-xzOf", tarball, `package/${file}`], { encoding: "utf8" });
  return { files, read, manifest: JSON.parse(read("package.json")) };
}

/** Every path a manifest names: main, bin, and each `exports` target. */
function named(manifest: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") out.push(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  walk(manifest.exports);
  walk(manifest.bin);
  walk(manifest.main);
  return out.filter((path) => path !== "package.json");
}

describe.each(Object.entries(tarballs))("the tarball of %s", (_, tarball) => {
  const { files, read, manifest } = contents(tarball);

  it("holds the README, the LICENSE, package.json and dist/ only", () => {
    for (const file of ["README.md", "LICENSE", "package.json"]) expect(files).toContain(file);
    const others = files.filter((file) => !["README.md", "LICENSE", "package.json"].includes(file));
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter((file) => !file.startsWith("dist/"))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(test|src)\/|\.test\.|\.map$/.test(file))).toEqual([]);
    expect(read("LICENSE")).toMatch(/^MIT License/);
  });

  it("has every file its manifest points to, and types beside each module it exports", () => {
    for (const path of named(manifest)) expect(files, path).toContain(path);
    for (const file of files.filter((name) => name.endsWith(".js") && named(manifest).includes(name))) {
      if (manifest.exports && Object.values(manifest.exports).some((entry) => typeof entry === "object")) {
        expect(files, `${file} has no .d.ts`).toContain(file.replace(/\.js$/, ".d.ts"));
      }
    }
  });

  it("says where it comes from, under which license, and which Node it runs on", () => {
    expect(manifest).toMatchObject({
      license: "MIT",
      repository: { type: "git", url: expect.stringMatching(/^git\+https:\/\//), directory: expect.any(String) },
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: { url: expect.stringMatching(/^https:\/\//) },
      engines: { node: expect.any(String) },
    });
    // Versions of our own packages, never workspace: ranges.
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
  });

  it("links from its README only to absolute URLs or to files in the tarball", () => {
    const links = [...read("README.md").matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] as string);
    for (const link of links) {
      if (/^(https?:|mailto:|#)/.test(link)) continue;
      expect(files, `README link ${link}`).toContain(link.replace(/^\.\//, "").replace(/#.*$/, ""));
    }
  });
});
