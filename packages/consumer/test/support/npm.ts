// npm as a user runs it: plain npm, --engine-strict, our scope from the loopback registry, on the
// Node given (npm runs on whatever `node` is first on PATH).
import { execFileSync } from "node:child_process";
import { dirname } from "node:path";

export interface NpmOptions {
  cwd: string;
  registry: string;
  /** The node binary npm runs on (and so the Node --engine-strict checks against). Default: this one. */
  node?: string;
}

export function withNode(node: string | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return node ? { ...env, PATH: `${dirname(node)}:${env.PATH ?? ""}` } : env;
}

export function npm(args: string[], { cwd, registry, node }: NpmOptions): string {
  const env = withNode(node, {
    ...process.env,
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_engine_strict: "true",
    npm_config_package_lock: "false",
    "npm_config_@sideconvo:registry": `${registry}/`,
  });
  try {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env });
  } catch (failure) {
    const { stdout, stderr } = failure as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${stdout ?? ""}${stderr ?? ""}`);
  }
}
