// @sideconvo/client/oauth: the authorization-code flow with PKCE, for an app or a command line that
// signs a person in. Its mechanics (PKCE, the state check, the token request and the checks on its
// answer) are oauth4webapi's, a library that runs on Fetch and Web Crypto in every JavaScript
// runtime (browsers and workers too). A subpath of its own, so the core client's bundle does not
// carry it: refreshing afterwards is the core's `auth: { oauth }`.
//
//   const pkce = await createPkce();
//   const url = authorizeUrl({ subdomain: "acme", clientId, redirectUri, scope: "read write", pkce });
//   // …the person approves; the browser comes back to redirectUri?code=…&state=…
//   const tokens = await exchangeCode({ subdomain: "acme", clientId, redirectUri, pkce, callbackUrl });
//   const zd = createClient({ subdomain: "acme", auth: { oauth: { clientId, ...tokens, onTokens: save } } });
import * as oauth from "oauth4webapi";
import { AuthError, ValidationError } from "./errors.js";
import { OAuthError, type OAuthTokens } from "./oauth.js";

/** A PKCE pair and the `state` of one sign-in: keep it until the browser comes back. */
export interface Pkce {
  verifier: string;
  challenge: string;
  state: string;
}

export interface FlowOptions {
  /** The account's subdomain (`acme`), or `baseUrl` (the sandbox: `http://127.0.0.1:4010`). */
  subdomain?: string | undefined;
  baseUrl?: string | undefined;
  clientId: string;
  /** A redirect URI registered for the client (a loopback one may use any port). */
  redirectUri: string;
}

/** A new PKCE pair (S256) and a random state. */
export async function createPkce(): Promise<Pkce> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier), state: oauth.generateRandomState() };
}

function originOf({ subdomain, baseUrl }: FlowOptions): string {
  if ((subdomain === undefined) === (baseUrl === undefined))
    throw new ValidationError("options", { subdomain, baseUrl }, "take exactly one of subdomain and baseUrl");
  if (subdomain !== undefined) {
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(subdomain))
      throw new ValidationError("subdomain", subdomain, "must be a plain DNS label such as acme");
    return `https://${subdomain}.zendesk.com`;
  }
  if (!URL.canParse(String(baseUrl))) throw new ValidationError("baseUrl", baseUrl, "must be an absolute URL");
  return new URL(String(baseUrl)).origin;
}

function server(options: FlowOptions): oauth.AuthorizationServer {
  const origin = originOf(options);
  return {
    issuer: origin,
    authorization_endpoint: `${origin}/oauth/authorizations/new`,
    token_endpoint: `${origin}/oauth/tokens`,
  };
}

/** The address to send the person to: the vendor's consent page, with PKCE and the state. */
export function authorizeUrl(options: FlowOptions & { scope?: string; pkce: Pkce }): URL {
  if (!options.clientId)
    throw new ValidationError("clientId", options.clientId, "must be the OAuth client's identifier");
  if (!URL.canParse(options.redirectUri))
    throw new ValidationError("redirectUri", options.redirectUri, "must be an absolute URL registered for the client");
  const url = new URL(server(options).authorization_endpoint as string);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", options.clientId);
  url.searchParams.set("redirect_uri", options.redirectUri);
  url.searchParams.set("scope", options.scope ?? "read write");
  url.searchParams.set("state", options.pkce.state);
  url.searchParams.set("code_challenge", options.pkce.challenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url;
}

/**
 * The tokens for the code the browser came back with (`callbackUrl`, the whole redirect address):
 * the state checked, the code exchanged with the PKCE verifier. A denied consent, a state that does
 * not match or a refused code is an OAuthError naming OAuth's code.
 */
export async function exchangeCode(
  options: FlowOptions & {
    pkce: Pkce;
    callbackUrl: string | URL;
    clientSecret?: string | undefined;
    fetch?: typeof fetch | undefined;
    /** Now, in milliseconds, for `expiresAt` (default Date.now). */
    now?: (() => number) | undefined;
  },
): Promise<OAuthTokens> {
  const as = server(options);
  const client: oauth.Client = { client_id: options.clientId };
  const auth = options.clientSecret ? oauth.ClientSecretPost(options.clientSecret) : oauth.None();
  const insecure = as.issuer.startsWith("http://");
  const requestOptions = {
    ...(options.fetch && { [oauth.customFetch]: options.fetch }),
    ...(insecure && { [oauth.allowInsecureRequests]: true }),
  };
  try {
    const params = oauth.validateAuthResponse(as, client, new URL(options.callbackUrl), options.pkce.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      params,
      options.redirectUri,
      options.pkce.verifier,
      requestOptions,
    );
    const answer = await oauth.processAuthorizationCodeResponse(as, client, response);
    const now = (options.now ?? Date.now)();
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: answer.expires_in === undefined ? Number.POSITIVE_INFINITY : now + answer.expires_in * 1000,
      refreshTokenExpiresAt:
        typeof answer.refresh_token_expires_in === "number" ? now + answer.refresh_token_expires_in * 1000 : undefined,
      scope: answer.scope,
    };
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError)
      throw new OAuthError(
        `the sign-in was refused (${error.error}${error.error_description ? `: ${error.error_description}` : ""})${
          error.error === "access_denied" ? ": the person denied access" : ""
        }`,
        { code: error.error, status: error instanceof oauth.ResponseBodyError ? error.status : 400 },
      );
    throw new AuthError(`the sign-in failed: ${error instanceof Error ? error.message : String(error)}`, {}, error);
  }
}
