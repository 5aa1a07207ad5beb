// npm as a user runs it: plain npm, --engine-strict, our scope from the loopback registry, on the
// Node given (npm runs on whatever `node` is first on PATH).
import { execFile } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface NpmOptions {
  cwd: string;
  registry: string;
  /** The node binary npm runs on (and so the Node --engine-strict checks against). Default: this one. */
  node?: string;
}

/** The environment with `node` first on PATH: its real folder, which holds that node alone (not a shim folder). */
export function withNode(node: string | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return node ? { ...env, PATH: `${dirname(realpathSync(node))}:${env.PATH ?? ""}` } : env;
}

/**
 * Runs npm without blocking this process: the loopback registry answers from this same process.
 * A failure throws with npm's whole output.
 */
/**
 * This process's environment without what a package manager running us added: pnpm passes its own
 * `npm_config_*` settings down (its globalconfig among them, which would hide the machine's npmrc
 * and, with it, the registry's CA certificate). A user's npm sees none of them.
 */
export function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_config_|npm_package_|npm_lifecycle_|pnpm_)/i.test(key)),
  );
}

export async function npm(args: string[], { cwd, registry, node }: NpmOptions): Promise<string> {
  const env = withNode(node, {
    ...userEnv(),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_engine_strict: "true",
    npm_config_package_lock: "false",
    "npm_config_@sideconvo:registry": `${registry}/`,
  });
  // npm reads the machine's settings (a proxy's CA certificate, for one) from <prefix>/etc/npmrc,
  // and `--global --prefix DIR` moves that prefix to DIR: keep pointing at the running Node's.
  const globalrc = join(dirname(realpathSync(node ?? process.execPath)), "..", "etc", "npmrc");
  if (existsSync(globalrc)) env.npm_config_globalconfig = globalrc;
  try {
    // A bound, so that a stuck install fails with npm's output instead of at the test's timeout.
    const { stdout } = await run("npm", args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return stdout;
  } catch (failure) {
    const { stdout, stderr } = failure as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}
