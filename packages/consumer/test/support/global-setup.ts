// Packs the publishable packages as `pnpm publish` would, and installs them with plain npm into a
// fresh project in the system's temporary folder, outside the workspace: no workspace links, no
// hoisted devDependencies, only what the tarballs declare.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const root = fileURLToPath(new URL("../../../..", import.meta.url));

declare module "vitest" {
  export interface ProvidedContext {
    /** The consumer project: its package.json, node_modules with the installed tarballs. */
    consumerProject: string;
    /** The packed tarballs, by package name. */
    tarballs: Record<string, string>;
  }
}

export function pack(packageDir: string, destination: string): string {
  const before = new Set(readdirSync(destination));
  execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: join(root, packageDir), stdio: "pipe" });
  const created = readdirSync(destination).filter((name) => !before.has(name));
  if (created.length !== 1) throw new Error(`pnpm pack in ${packageDir} made ${created.length} files`);
  return join(destination, created[0] as string);
}

export function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
  });
}

export default function setup(project: TestProject) {
  const workdir = mkdtempSync(join(tmpdir(), "sideconvo-consumer-"));
  const tarballDir = join(workdir, "tarballs");
  mkdirSync(tarballDir);
  const tarballs = { "@sideconvo/client": pack("packages/client", tarballDir) };

  const consumerProject = join(workdir, "app");
  mkdirSync(consumerProject);
  writeFileSync(
    join(consumerProject, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module" }, null, 2),
  );
  npm(
    ["install", "--engine-strict", "--no-package-lock", ...Object.values(tarballs), "@types/node@24"],
    consumerProject,
  );

  project.provide("consumerProject", consumerProject);
  project.provide("tarballs", tarballs);
  return () => rmSync(workdir, { recursive: true, force: true });
}
