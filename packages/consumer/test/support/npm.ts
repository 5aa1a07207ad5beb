// Commands as a user runs them: a user's environment, on the Node given; and npm as a user runs it:
// plain npm, --engine-strict, our scope from the loopback registry (npm runs on whatever `node` is
// first on PATH).
import { execFile } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment with `node` first on PATH: its real folder, which holds that node alone (not a shim folder). */
export function withNode(node: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${dirname(realpathSync(node))}:${env.PATH ?? ""}` };
}

/**
 * This process's environment without what a package manager running us added: pnpm passes its own
 * `npm_config_*` settings down (its globalconfig among them, which would hide the machine's npmrc
 * and, with it, the registry's CA certificate). A user's npm sees none of them.
 */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_config_|npm_package_|npm_lifecycle_|pnpm_)/i.test(key)),
  );
}

/**
 * Runs a command in a user's environment with `node` first on PATH, without blocking this process
 * (the loopback registry answers from it). Never throws on a non-zero exit: the code is returned.
 */
export async function asUser(
  node: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd: options.cwd,
      env: withNode(node, { ...userEnv(), ...options.env }),
      maxBuffer: 64 * 1024 * 1024,
      ...(options.timeoutMs && { timeout: options.timeoutMs }),
    });
    return { code: 0, stdout, stderr };
  } catch (failure) {
    const { code, stdout = "", stderr = "" } = failure as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof code === "number" ? code : 1, stdout, stderr };
  }
}

export interface NpmOptions {
  cwd: string;
  registry: string;
  /** The node binary npm runs on (and so the Node --engine-strict checks against). Default: this one. */
  node?: string;
}

/** npm as a user runs it; a failure throws with npm's whole output. */
export async function npm(args: string[], { cwd, registry, node = process.execPath }: NpmOptions): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_engine_strict: "true",
    npm_config_package_lock: "false",
    "npm_config_@sideconvo:registry": `${registry}/`,
  };
  // npm reads the machine's settings (a proxy's CA certificate, for one) from <prefix>/etc/npmrc,
  // and `--global --prefix DIR` moves that prefix to DIR: keep pointing at the running Node's.
  const globalrc = join(dirname(realpathSync(node)), "..", "etc", "npmrc");
  if (existsSync(globalrc)) env.npm_config_globalconfig = globalrc;
  // A bound, so that a stuck install fails with npm's output instead of at the test's timeout.
  const ran = await asUser(node, "npm", args, { cwd, env, timeoutMs: 300_000 });
  if (ran.code !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${ran.stdout}${ran.stderr}`);
  return ran.stdout;
}
