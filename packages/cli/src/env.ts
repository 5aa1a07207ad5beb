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
