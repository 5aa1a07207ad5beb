import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type {} from "@sideconvo/mock/vitest"; // declares inject("sideconvoMockUrl")
import { runCli } from "../../src/run.js";

export const cliPath = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const SECRET = "tok-3f9c2a7e-very-secret";
/** An access token the loopback test servers take (a sandbox checks tokens: see sandboxCredentials). */
export const credentials = { ZENDESK_OAUTH_TOKEN: SECRET };
/** The sandbox's confidential OAuth client: the CLI gets its own tokens with client credentials. */
export const sandboxCredentials = {
  ZENDESK_CLIENT_ID: "sideconvo_sandbox",
  ZENDESK_CLIENT_SECRET: "sandbox-client-secret",
};

/** A config directory with no login in it: the developer's own `sideconvo login` never leaks into a test. */
export const emptyConfig = () => mkdtempSync(join(tmpdir(), "sideconvo-config-"));

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `sideconvo <args>` in this process: the program as the binary runs it (`runCli`), with only
 * the given environment (plus PATH and HOME), its output captured, and a clock on which the
 * client's waits (retry backoff, Retry-After, budgets) pass at once. What only a process can show
 * (signals, a pipe closed by its reader, a terminal, the installed binary) uses `spawnCli`.
 */
export async function run(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string } = {},
): Promise<Result & { waited: number[] }> {
  let stdout = "";
  let stderr = "";
  const waited: number[] = [];
  let now = Date.now();
  const before = process.cwd();
  // vitest runs each file in a forked process (its default pool), where chdir is allowed; the tests
  // of a file run one after another.
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await runCli(args, {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", SIDECONVO_CONFIG_DIR: emptyConfig(), ...env },
      stdout: {
        write: (text: string, callback?: (error?: Error | null) => void) => {
          stdout += text;
          callback?.();
          return true;
        },
      },
      stderr: {
        write: (text: string) => {
          stderr += text;
          return true;
        },
      },
      stdinIsTTY: false,
      clock: {
        now: () => now,
        sleep: async (ms, signal) => {
          signal?.throwIfAborted();
          waited.push(ms);
          now += ms;
        },
      },
    });
    return { code, stdout, stderr, waited };
  } finally {
    if (options.cwd) process.chdir(before);
  }
}

/**
 * Runs the built `sideconvo` as a child process with only the given environment (plus PATH and
 * HOME): nothing of the developer's own ZENDESK_* variables leaks into a test.
 */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string; input?: string } = {},
) {
  return new Promise<Result>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", SIDECONVO_CONFIG_DIR: emptyConfig(), ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** No form of the secret: as is, URL-encoded, or inside the base64 of a Basic credential. */
export function expectNoSecret(text: string) {
  const basic = Buffer.from(`agent@example.com/token:${SECRET}`).toString("base64");
  for (const form of [SECRET, encodeURIComponent(SECRET), basic, basic.slice(0, 24)])
    if (text.includes(form)) throw new Error(`the output contains a form of the secret: ${form}`);
}
