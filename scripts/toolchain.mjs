#!/usr/bin/env node
// Provisions the pinned toolchain (Node from .nvmrc, pnpm from package.json's packageManager)
// from the npm registry alone, installs the workspace, then runs the given command with that
// toolchain first on PATH. It runs on any Node >= 18 and is idempotent: a second run only checks.
//
//   node scripts/toolchain.mjs <command> [args...]
//
// Why not corepack or nvm: corepack cannot verify signatures here and nvm downloads from
// nodejs.org, which these machines cannot reach. The registry ships Node as node-<os>-<arch>.
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { constants } from "node:os";
import { join, relative, resolve } from "node:path";

const root = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const toolchainDir = join(root, ".toolchain");
const binDir = join(toolchainDir, "bin");

const nodeVersion = readFileSync(join(root, ".nvmrc"), "utf8").trim();
const packageManager = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const pnpmVersion = /^pnpm@(\d+\.\d+\.\d+)/.exec(packageManager ?? "")?.[1];
if (!/^\d+\.\d+\.\d+$/.test(nodeVersion))
  fail(`.nvmrc must hold an exact version like 24.21.0, found "${nodeVersion}"`);
if (!pnpmVersion) fail(`package.json "packageManager" must be pnpm@x.y.z, found "${packageManager}"`);

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[toolchain] error: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], ...options }).trim();
}

// Downloads one registry package and unpacks it to `target`, atomically: an interrupted run
// leaves no half-extracted folder that a later run would mistake for a finished one.
function fetchPackage(spec, target) {
  mkdirSync(toolchainDir, { recursive: true });
  const staging = mkdtempSync(join(toolchainDir, "staging-"));
  try {
    log(`fetching ${spec} from the npm registry`);
    const tarball = run("npm", ["pack", spec, "--silent", "--pack-destination", staging]).split("\n").pop();
    run("tar", ["xzf", join(staging, tarball), "-C", staging]);
    rmSync(target, { recursive: true, force: true });
    renameSync(join(staging, "package"), target);
  } catch (error) {
    fail(`could not fetch ${spec}: ${error.message.split("\n")[0]}. Check that the npm registry is reachable.`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function nodePackageName() {
  const os = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform];
  const arch = { x64: "x64", arm64: "arm64" }[process.arch];
  if (!os || !arch)
    fail(`no Node package is published for ${process.platform}-${process.arch}; install Node ${nodeVersion} yourself`);
  if (os === "win") fail("Windows is not supported by this set-up script; use WSL, or install Node and pnpm yourself");
  return `node-${os}-${arch}`;
}

/** Node `version` in .toolchain/node-<version>, fetched unless it is there and works. */
function fetchedNode(version, why) {
  const dir = join(toolchainDir, `node-${version}`);
  const node = join(dir, "bin", "node");
  const works = () => existsSync(node) && run(node, ["--version"]) === `v${version}`;
  if (!works()) {
    log(why);
    fetchPackage(`${nodePackageName()}@${version}`, dir);
    if (!works()) fail(`the downloaded Node at ${node} does not report v${version}`);
  }
  return node;
}

function ensureNode() {
  if (process.versions.node === nodeVersion) return process.execPath;
  return fetchedNode(nodeVersion, `Node ${process.versions.node} is running; the project needs ${nodeVersion}`);
}

// The other LTS line our packages support: the consumer tests install and run them on it too.
// Exposed to the tests as .toolchain/bin/node22.
const consumerNodeVersion = "22.23.3";

function ensurePnpm() {
  const dir = join(toolchainDir, `pnpm-${pnpmVersion}`);
  const entry = join(dir, "bin", "pnpm.cjs");
  if (!existsSync(entry)) fetchPackage(`pnpm@${pnpmVersion}`, dir);
  return entry;
}

// Shims so that every child process (turbo, vitest, Prism) finds the pinned node and pnpm.
function writeShims(node, pnpmEntry, node22) {
  mkdirSync(binDir, { recursive: true });
  for (const [name, target] of [
    ["node", node],
    ["node22", node22],
  ]) {
    const link = join(binDir, name);
    rmSync(link, { force: true });
    symlinkSync(target, link);
  }
  const shim = join(binDir, "pnpm");
  writeFileSync(shim, `#!/bin/sh\nexec "$(dirname "$0")/node" "$(dirname "$0")/${relative(binDir, pnpmEntry)}" "$@"\n`);
  chmodSync(shim, 0o755);
}

// npm reads its global settings from <prefix>/etc/npmrc, the prefix being the folder of the node
// that runs it. A Node fetched here has none, so npm on it would lose what the machine configured
// there (a proxy's CA certificate, for one). Each fetched Node gets a copy of the machine's.
function shareGlobalNpmrc(node) {
  const target = join(node, "..", "..", "etc", "npmrc");
  let source = "";
  try {
    source = run("npm", ["config", "get", "globalconfig"]);
  } catch {
    return; // no npm here to ask: nothing to share
  }
  if (!source || !existsSync(source) || resolve(source) === resolve(target) || source.startsWith(toolchainDir)) return;
  mkdirSync(join(target, ".."), { recursive: true });
  writeFileSync(target, readFileSync(source, "utf8"));
}

const node = ensureNode();
const pnpmEntry = ensurePnpm();
const node22 = fetchedNode(consumerNodeVersion, `Node ${consumerNodeVersion} is needed by the consumer tests`);
for (const fetched of [node, node22]) if (fetched.startsWith(toolchainDir)) shareGlobalNpmrc(fetched);
writeShims(node, pnpmEntry, node22);

const env = {
  ...process.env,
  PATH: `${binDir}:${process.env.PATH ?? ""}`,
  // No telemetry from our tools, from our machines or our users'.
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};

log(`node ${nodeVersion}, pnpm ${pnpmVersion}; installing the workspace`);
try {
  execFileSync(join(binDir, "pnpm"), ["install", "--frozen-lockfile", "--reporter=append-only"], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
} catch {
  fail("pnpm install failed (see above)");
}

const [command, ...args] = process.argv.slice(2);
if (!command) process.exit(0);

const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
// Ctrl-C reaches the whole process group; the child decides how to stop, we wait for it.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => {});
child.on("error", (error) => fail(`could not start ${command}: ${error.message}`));
child.on("exit", (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
