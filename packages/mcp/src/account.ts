// The account to connect to, from the environment (never from arguments, which other users can read
// in the process list): where (ZENDESK_SUBDOMAIN or SIDECONVO_BASE_URL) and with which credentials,
// in the CLI's order: an OAuth access token, a confidential client's credentials (client
// credentials: tokens got and renewed by the client), then an API token (until 2027-04-30).
// `sideconvo mcp` uses the CLI's own sign-in instead, which adds the token store of `sideconvo login`.
import type { Account } from "./connection.js";

/** A configuration the server refuses to start with: the sentence says what to set. */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** The account the environment names, or undefined when it names none (practice on the sandbox). */
export function accountFromEnv(env: NodeJS.ProcessEnv): Account | undefined {
  const { SIDECONVO_BASE_URL: baseUrl, ZENDESK_SUBDOMAIN: subdomain } = env;
  if (!baseUrl && !subdomain) return undefined;
  if (baseUrl && !URL.canParse(baseUrl))
    throw new ConfigurationError(`SIDECONVO_BASE_URL must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  const target = baseUrl ? { baseUrl } : { subdomain: subdomain as string };
  if (env.ZENDESK_OAUTH_TOKEN) return { ...target, auth: { oauthToken: env.ZENDESK_OAUTH_TOKEN } };
  if (env.ZENDESK_CLIENT_ID && env.ZENDESK_CLIENT_SECRET)
    return {
      ...target,
      auth: {
        oauth: {
          clientId: env.ZENDESK_CLIENT_ID,
          clientSecret: env.ZENDESK_CLIENT_SECRET,
          grant: "client_credentials",
        },
      },
    };
  if (env.ZENDESK_EMAIL && env.ZENDESK_API_TOKEN)
    return { ...target, auth: { email: env.ZENDESK_EMAIL, apiToken: env.ZENDESK_API_TOKEN } };
  throw new ConfigurationError(
    `${baseUrl ? `SIDECONVO_BASE_URL (${baseUrl})` : `ZENDESK_SUBDOMAIN (${subdomain})`} names an account but no credentials are set: set ZENDESK_OAUTH_TOKEN, or ZENDESK_CLIENT_ID and ZENDESK_CLIENT_SECRET, or (until 2027-04-30) ZENDESK_EMAIL and ZENDESK_API_TOKEN; or unset it to practise on the sandbox`,
  );
}
