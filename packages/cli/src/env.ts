import { execFile } from "node:child_process";
import type { ClientOptions } from "@sideconvo/client";
import { CliError, EXIT } from "./exit-codes.js";

type Auth = ClientOptions["auth"];

/**
 * Where to connect and with which credentials, from the environment only (never from arguments,
 * which other users can read in the process list and which land in shell history).
 * SIDECONVO_BASE_URL points the CLI at a mock or proxy instead of https://{subdomain}.zendesk.com.
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv): {
  target: { subdomain: string } | { baseUrl: string };
  auth: Auth;
} {
  const baseUrl = env.SIDECONVO_BASE_URL;
  const subdomain = env.ZENDESK_SUBDOMAIN;
  if (!baseUrl && !subdomain)
    throw new CliError(
      "ZENDESK_SUBDOMAIN is not set: export ZENDESK_SUBDOMAIN=acme for https://acme.zendesk.com (or use --mock to try without an account).",
      EXIT.auth,
    );
  const target = baseUrl ? { baseUrl } : { subdomain: subdomain as string };
  if (env.ZENDESK_OAUTH_TOKEN_COMMAND)
    return { target, auth: { oauthToken: tokenCommand(env.ZENDESK_OAUTH_TOKEN_COMMAND, env) } };
  if (env.ZENDESK_OAUTH_TOKEN) return { target, auth: { oauthToken: env.ZENDESK_OAUTH_TOKEN } };
  if (!env.ZENDESK_EMAIL)
    throw new CliError(
      "ZENDESK_EMAIL is not set: export the agent's email with ZENDESK_API_TOKEN, or set ZENDESK_OAUTH_TOKEN.",
      EXIT.auth,
    );
  if (!env.ZENDESK_API_TOKEN)
    throw new CliError(
      "ZENDESK_API_TOKEN is not set: export an API token of the agent in ZENDESK_EMAIL, or set ZENDESK_OAUTH_TOKEN.",
      EXIT.auth,
    );
  return { target, auth: { email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN } };
}

/**
 * ZENDESK_OAUTH_TOKEN_COMMAND: a shell command that prints an access token, run for the first
 * request (unless ZENDESK_OAUTH_TOKEN gives one) and again whenever the server refuses the token
 * (401), so that an export that outlives a token goes on. Its output is never shown; a failure
 * says its exit code and the first line of its stderr.
 */
export function tokenCommand(command: string, env: NodeJS.ProcessEnv) {
  let token: Promise<string> | undefined = env.ZENDESK_OAUTH_TOKEN
    ? Promise.resolve(env.ZENDESK_OAUTH_TOKEN)
    : undefined;
  const run = () =>
    new Promise<string>((resolve, reject) => {
      execFile("/bin/sh", ["-c", command], { env, timeout: 60_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout.trim());
        const reason = error.killed ? "took longer than 60 s" : `exited with ${error.code ?? error.signal}`;
        const said = String(stderr).trim().split("\n")[0];
        reject(new Error(`ZENDESK_OAUTH_TOKEN_COMMAND ${reason}${said ? `: ${said}` : ""}`));
      });
    });
  return ({ refresh }: { refresh: boolean }): Promise<string> => {
    if (refresh || !token) {
      const current = run();
      token = current;
      // A failed run is not kept (the next request runs the command again), unless a later run
      // has replaced it already.
      current.catch(() => {
        if (token === current) token = undefined;
      });
    }
    return token;
  };
}
