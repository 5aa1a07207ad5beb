import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import type {} from "@sideconvo/mock/vitest"; // declares inject("sideconvoMockUrl")

export const cliPath = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const SECRET = "tok-3f9c2a7e-very-secret";
export const credentials = { ZENDESK_EMAIL: "agent@example.com", ZENDESK_API_TOKEN: SECRET };

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `sideconvo` as a child process with only the given environment (plus PATH and
 * HOME): nothing of the developer's own ZENDESK_* variables leaks into a test.
 */
export function run(args: string[], env: Record<string, string> = {}, options: { cwd?: string; input?: string } = {}) {
  return new Promise<Result>((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
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
  const basic = Buffer.from(`${credentials.ZENDESK_EMAIL}/token:${SECRET}`).toString("base64");
  for (const form of [SECRET, encodeURIComponent(SECRET), basic, basic.slice(0, 24)])
    if (text.includes(form)) throw new Error(`the output contains a form of the secret: ${form}`);
}
