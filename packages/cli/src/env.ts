import { execFile } from "node:child_process";
import type { ClientOptions } from "@sideconvo/client";
import { TokenStore } from "./auth/store.js";
import { notSignedIn, storeProvider } from "./auth/store-provider.js";
import { CliError, EXIT } from "./exit-codes.js";

type Auth = ClientOptions["auth"];

/** Where to connect, from SIDECONVO_BASE_URL or ZENDESK_SUBDOMAIN, and that server's origin. */
export function targetFromEnv(env: NodeJS.ProcessEnv): {
  target: { subdomain: string } | { baseUrl: string };
  origin: string;
} {
  const baseUrl = env.SIDECONVO_BASE_URL;
  const subdomain = env.ZENDESK_SUBDOMAIN;
  if (!baseUrl && !subdomain)
    throw new CliError(
      "ZENDESK_SUBDOMAIN is not set: export ZENDESK_SUBDOMAIN=acme for https://acme.zendesk.com (or use --mock to try without an account).",
      EXIT.auth,
    );
  if (baseUrl && !URL.canParse(baseUrl))
    throw new CliError(`SIDECONVO_BASE_URL must be an absolute URL, got ${JSON.stringify(baseUrl)}.`, EXIT.usage);
  return baseUrl
    ? { target: { baseUrl }, origin: new URL(baseUrl).origin }
    : { target: { subdomain: subdomain as string }, origin: `https://${subdomain}.zendesk.com` };
}

/**
 * Where to connect and with which credentials, from the environment and the token store only
 * (never from arguments, which other users can read in the process list and which land in shell
 * history). In order: an access token you manage (ZENDESK_OAUTH_TOKEN_COMMAND, ZENDESK_OAUTH_TOKEN);
 * a confidential client's credentials (ZENDESK_CLIENT_ID + ZENDESK_CLIENT_SECRET: client
 * credentials, for CI and servers); the login `sideconvo login` stored; an API token (ending
 * 2027-04-30). SIDECONVO_BASE_URL points the CLI at a sandbox, mock or proxy.
 */
export function connectionFromEnv(
  env: NodeJS.ProcessEnv,
  now: () => number = Date.now,
): {
  target: { subdomain: string } | { baseUrl: string };
  auth: Auth;
} {
  const { target, origin } = targetFromEnv(env);
  if (env.ZENDESK_OAUTH_TOKEN_COMMAND)
    return { target, auth: { oauthToken: tokenCommand(env.ZENDESK_OAUTH_TOKEN_COMMAND, env) } };
  if (env.ZENDESK_OAUTH_TOKEN) return { target, auth: { oauthToken: env.ZENDESK_OAUTH_TOKEN } };
  if (env.ZENDESK_CLIENT_ID && env.ZENDESK_CLIENT_SECRET)
    return {
      target,
      auth: {
        oauth: {
          clientId: env.ZENDESK_CLIENT_ID,
          clientSecret: env.ZENDESK_CLIENT_SECRET,
          grant: "client_credentials",
        },
      },
    };
  const store = new TokenStore(env);
  if (store.read(origin)) return { target, auth: { oauthToken: storeProvider(store, origin, { now }) } };
  if (env.ZENDESK_EMAIL && env.ZENDESK_API_TOKEN)
    return { target, auth: { email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN } };
  throw notSignedIn(origin);
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
