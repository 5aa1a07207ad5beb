import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PUBLISHED } from "../support/published.js";

// `pnpm release` is `changeset version`, an install, a build and `changeset publish`. Here its first
// step runs on a throwaway clone of the repository (what is committed), and then a
// `pnpm publish --dry-run -r` of what it produced: versions bumped from the changesets, changelogs
// written, and `workspace:` ranges turned into the new versions in what would be uploaded.
const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../..", import.meta.url));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));

describe("releasing", () => {
  let clone = "";
  const before: Record<string, string> = {};

  beforeAll(async () => {
    clone = join(mkdtempSync(join(tmpdir(), "sideconvo-release-")), "repo");
    await run("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
    for (const dir of PUBLISHED) before[dir] = manifest(join(clone, dir)).version;
    // The built output is not committed: take the workspace's, as the release's build step would make it.
    for (const dir of PUBLISHED) {
      if (existsSync(join(root, dir, "dist")))
        cpSync(join(root, dir, "dist"), join(clone, dir, "dist"), { recursive: true });
    }
    await run("pnpm", ["install", "--offline", "--frozen-lockfile", "--ignore-scripts", "--reporter=silent"], {
      cwd: clone,
    });
    await run("pnpm", ["exec", "changeset", "version"], { cwd: clone });
  }, 300_000);
  afterAll(() => rmSync(join(clone, ".."), { recursive: true, force: true }));

  it("uses up the changesets, bumps each package they name, and writes its changelog", () => {
    const pending = readdirSync(join(root, ".changeset")).filter(
      (file) => file.endsWith(".md") && file !== "README.md",
    );
    expect(pending.length).toBeGreaterThan(0);
    expect(
      readdirSync(join(clone, ".changeset")).filter((file) => file.endsWith(".md") && file !== "README.md"),
    ).toEqual([]);
    for (const dir of PUBLISHED) {
      const after = manifest(join(clone, dir)).version;
      expect(after, dir).not.toBe(before[dir]);
      const changelog = readFileSync(join(clone, dir, "CHANGELOG.md"), "utf8");
      expect(changelog).toContain(`## ${after}`);
    }
  });

  it("publishes (dry run) every public package, with workspace ranges turned into the new versions", async () => {
    const { stdout, stderr } = await run(
      "pnpm",
      ["publish", "-r", "--dry-run", "--no-git-checks", "--report-summary"],
      // pnpm asks the registry which versions exist: the loopback one, which has only 0.1.0 of each.
      { cwd: clone, env: { ...process.env, npm_config_registry: `${inject("registry")}/` } },
    );
    const summary = JSON.parse(readFileSync(join(clone, "pnpm-publish-summary.json"), "utf8")) as {
      publishedPackages: { name: string; version: string }[];
    };
    expect(summary.publishedPackages.map((entry) => entry.name).sort(), `${stdout}${stderr}`).toEqual([
      "@sideconvo/cli",
      "@sideconvo/client",
      "@sideconvo/mcp",
      "@sideconvo/mock",
      "@sideconvo/openapi",
      "@sideconvo/sandbox",
      "@sideconvo/verify",
    ]);
    // What would be uploaded: pnpm writes the manifest with real versions in the tarball.
    const versions = Object.fromEntries(
      PUBLISHED.map((dir) => [manifest(join(clone, dir)).name, manifest(join(clone, dir)).version]),
    );
    const packed = await run("pnpm", ["pack", "--json"], { cwd: join(clone, "packages/cli") });
    const tarball = JSON.parse(packed.stdout).filename as string;
    const { stdout: cliManifest } = await run("tar", [
      "-xzOf",
      join(clone, "packages/cli", tarball),
      "package/package.json",
    ]);
    const cli = JSON.parse(cliManifest);
    expect(cli.dependencies["@sideconvo/client"]).toBe(versions["@sideconvo/client"]);
    expect(cli.dependencies["@sideconvo/verify"]).toBe(versions["@sideconvo/verify"]);
    // A range, not an exact pin: a newer mock of the same major still meets the CLI.
    expect(cli.peerDependencies["@sideconvo/mock"]).toBe(`^${versions["@sideconvo/mock"]}`);
    expect(cli.peerDependencies["@sideconvo/mcp"]).toBe(`^${versions["@sideconvo/mcp"]}`);
    expect(cli.publishConfig).toEqual({ access: "public" });
    expect(cliManifest).not.toContain("workspace:");
  }, 300_000);
});
