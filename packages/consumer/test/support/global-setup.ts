// Vitest reports a failure here only as "No test files found": run a test file alone to see it.
//
// Packs the publishable packages as `pnpm publish` would, serves them from a loopback registry, and
// installs the client with plain npm into a fresh project in the system's temporary folder, outside
// the workspace: no workspace links, no hoisted devDependencies, only what the tarballs declare.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { npm } from "./npm.js";
import { PUBLISHED } from "./published.js";
import { startRegistry } from "./registry.js";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** A project with the client, verify and the sandbox (and @types/node) installed from the tarballs. */
    consumerProject: string;
    /** The packed tarballs, by package folder (packages/client, ...). */
    tarballs: Record<string, string>;
    /** The loopback registry serving the @sideconvo scope. */
    registry: string;
    /** A folder for the tests' own projects, removed at the end. */
    workdir: string;
  }
}

function pack(packageDir: string, destination: string): string {
  const before = new Set(readdirSync(destination));
  execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: join(root, packageDir), stdio: "pipe" });
  const created = readdirSync(destination).filter((name) => !before.has(name));
  if (created.length !== 1) throw new Error(`pnpm pack in ${packageDir} made ${created.length} files`);
  return join(destination, created[0] as string);
}

export default async function setup(project: TestProject) {
  const workdir = mkdtempSync(join(tmpdir(), "sideconvo-consumer-"));
  const tarballDir = join(workdir, "tarballs");
  mkdirSync(tarballDir);
  const tarballs = Object.fromEntries(PUBLISHED.map((dir) => [dir, pack(dir, tarballDir)]));
  const registry = await startRegistry(Object.values(tarballs));

  const consumerProject = join(workdir, "app");
  mkdirSync(consumerProject);
  writeFileSync(
    join(consumerProject, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module" }),
  );
  await npm(["install", "@sideconvo/client", "@sideconvo/verify", "@sideconvo/sandbox", "@types/node@24"], {
    cwd: consumerProject,
    registry: registry.url,
  });

  project.provide("consumerProject", consumerProject);
  project.provide("tarballs", tarballs);
  project.provide("registry", registry.url);
  project.provide("workdir", workdir);
  return async () => {
    await registry.close();
    rmSync(workdir, { recursive: true, force: true });
  };
}
