// The client's own OAuth tokens: got and refreshed at the vendor's `POST /oauth/tokens` on the API's
// origin, shortly before they expire and once after a 401. One refresh at a time however many
// requests wait (single flight). A refresh rotates the pair (the vendor invalidates the old one),
// so `onTokens` is awaited before the new access token is used: an app that saves the refresh token
// there never loses it to a crash. Written on fetch alone (no library): it is one JSON POST, and the
// core bundle stays small; the authorization-code flow is `@sideconvo/client/oauth`.

import type { Clock } from "./clock.js";
import { AuthError, ValidationError } from "./errors.js";
import type { TokenProvider } from "./token-provider.js";

/** Tokens as the client holds them, and as `onTokens` receives them to keep. */
export interface OAuthTokens {
  accessToken: string;
  /** The refresh token to keep: the vendor rotates it at every refresh, and the old one stops working. */
  refreshToken?: string | undefined;
  /** When the access token expires, in milliseconds since the epoch (on the client's clock). */
  expiresAt: number;
  /** When the refresh token expires, when the server said. */
  refreshTokenExpiresAt?: number | undefined;
  scope?: string | undefined;
}

export interface OAuthAuth {
  /** The OAuth client's identifier (the account's Apps and integrations → OAuth clients). */
  clientId: string;
  /** The confidential client's secret; a public client has none. */
  clientSecret?: string | undefined;
  /** The refresh token from a sign-in (`sideconvo login`, or `exchangeCode`). */
  refreshToken?: string | undefined;
  /** An access token to start with; without one, the first request gets one. */
  accessToken?: string | undefined;
  /** When `accessToken` expires: a Date, an ISO string or milliseconds since the epoch. */
  expiresAt?: number | string | Date | undefined;
  /** Space-separated scopes to ask for (`read write`, `tickets:read`); default what was granted. */
  scope?: string | undefined;
  /**
   * `refresh_token` (a person signed in; default when `refreshToken` is given) or
   * `client_credentials` (a server job of a confidential client; default with `clientSecret` alone).
   */
  grant?: "refresh_token" | "client_credentials" | undefined;
  /**
   * Called with every new pair, and awaited before the new access token is used: save the
   * refresh token here. If it throws, the call fails (an AuthError) and the same tokens are offered
   * to it again at the next request; nothing is sent with tokens it has not taken.
   */
  onTokens?: ((tokens: OAuthTokens) => void | Promise<void>) | undefined;
}

/** The token endpoint refused: `code` is OAuth's (`invalid_grant`, `invalid_client`, …). */
export class OAuthError extends AuthError {
  declare readonly code: string;
  declare readonly status: number;
}
OAuthError.prototype.name = "OAuthError";

/** Refresh this long before the access token expires, so that no request goes out with one about to. */
const EARLY_MS = 60_000;

function expiryOf(value: OAuthAuth["expiresAt"]): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (typeof ms !== "number" || !Number.isFinite(ms))
    throw new ValidationError("auth.oauth.expiresAt", value, "must be a Date, an ISO 8601 string or milliseconds");
  return ms;
}

const line = (value: unknown) => typeof value === "string" && value.trim() !== "" && !/[\r\n]/.test(value);

/** `auth.oauth` as checked: the options, the grant they make, the given expiry and the secrets in them. */
export interface CheckedOAuth {
  options: OAuthAuth;
  grant: "refresh_token" | "client_credentials";
  expiresAt: number | undefined;
  secrets: string[];
}

/** Checks `auth.oauth`, once; the secrets in it are for the redactor. Values are never shown, only their kind. */
export function checkOAuth(oauth: OAuthAuth): CheckedOAuth {
  if (!oauth || typeof oauth !== "object") throw new ValidationError("auth.oauth", typeof oauth, "must be an object");
  const hidden = (key: keyof OAuthAuth) => {
    const value = oauth[key];
    if (value !== undefined && !line(value))
      throw new ValidationError(
        `auth.oauth.${key}`,
        typeof value === "string" ? "(hidden)" : typeof value,
        "must be a non-empty single-line string",
      );
  };
  if (!line(oauth.clientId))
    throw new ValidationError("auth.oauth.clientId", oauth.clientId, "must be the OAuth client's identifier");
  for (const key of ["clientSecret", "refreshToken", "accessToken", "scope"] as const) hidden(key);
  const expiresAt = expiryOf(oauth.expiresAt);
  if (oauth.onTokens !== undefined && typeof oauth.onTokens !== "function")
    throw new ValidationError("auth.oauth.onTokens", typeof oauth.onTokens, "must be a function");
  const grant =
    oauth.grant ?? (oauth.refreshToken ? "refresh_token" : oauth.clientSecret ? "client_credentials" : undefined);
  if (grant === undefined)
    throw new ValidationError(
      "auth.oauth",
      "(no refreshToken, no clientSecret)",
      "needs refreshToken (from a sign-in: sideconvo login) or clientSecret (client credentials, for a confidential client)",
    );
  if (grant !== "refresh_token" && grant !== "client_credentials")
    throw new ValidationError("auth.oauth.grant", grant, 'must be "refresh_token" or "client_credentials"');
  if (grant === "refresh_token" && !oauth.refreshToken)
    throw new ValidationError("auth.oauth.refreshToken", "(missing)", 'is needed for grant "refresh_token"');
  if (grant === "client_credentials" && !oauth.clientSecret)
    throw new ValidationError("auth.oauth.clientSecret", "(missing)", 'is needed for grant "client_credentials"');
  const secrets = [oauth.clientSecret, oauth.refreshToken, oauth.accessToken].filter(
    (value): value is string => typeof value === "string",
  );
  return { options: oauth, grant, expiresAt, secrets };
}

export interface OAuthDeps {
  origin: string;
  fetch: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  /** Teaches the redactor a new secret. */
  remember: (secret: string) => void;
}

/** The token provider the client uses for `auth.oauth` (checked by `checkOAuth`). */
export function oauthProvider(
  { options: oauth, grant, expiresAt: given }: CheckedOAuth,
  deps: OAuthDeps,
): TokenProvider {
  let held: OAuthTokens | undefined = oauth.accessToken
    ? { accessToken: oauth.accessToken, refreshToken: oauth.refreshToken, expiresAt: given ?? Number.POSITIVE_INFINITY }
    : undefined;
  let refreshToken = oauth.refreshToken;
  /** Tokens got but not yet taken by onTokens: offered again before anything else. */
  let unsaved: OAuthTokens | undefined;
  let inflight: Promise<string> | undefined;

  const keep = async (tokens: OAuthTokens) => {
    if (!oauth.onTokens) return;
    try {
      await oauth.onTokens(tokens);
    } catch (error) {
      unsaved = tokens;
      throw new AuthError(
        `auth.oauth.onTokens failed, so the new tokens were not used (they are offered to it again at the next request): ${
          error instanceof Error ? error.message : String(error)
        }`,
        { field: "auth.oauth.onTokens" },
        error,
      );
    }
    unsaved = undefined;
  };

  const renew = async (): Promise<string> => {
    if (unsaved) {
      const tokens = unsaved;
      await keep(tokens);
      held = tokens;
      return tokens.accessToken;
    }
    const tokens = await fetchTokens({
      origin: deps.origin,
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      grant,
      refreshToken,
      scope: oauth.scope,
      fetch: deps.fetch,
      now: () => deps.clock.now(),
      timeoutMs: deps.timeoutMs,
    });
    deps.remember(tokens.accessToken);
    if (tokens.refreshToken) deps.remember(tokens.refreshToken);
    // Kept in memory at once: the old refresh token no longer works, whatever happens next.
    refreshToken = tokens.refreshToken ?? refreshToken;
    const complete = { ...tokens, refreshToken };
    await keep(complete);
    held = complete;
    return complete.accessToken;
  };

  return ({ refresh, rejected }) => {
    if (inflight) return inflight;
    if (held && !unsaved) {
      // After a 401: a token newer than the one refused is the answer (another request refreshed).
      if (refresh && rejected !== undefined && rejected !== held.accessToken) return held.accessToken;
      if (!refresh && held.expiresAt - EARLY_MS > deps.clock.now()) return held.accessToken;
    }
    inflight = renew().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}

/** What `fetchTokens` needs: the client, the grant, and where. */
export interface TokenRequest {
  /** The API's origin (`https://acme.zendesk.com`, or the sandbox's). */
  origin: string;
  clientId: string;
  clientSecret?: string | undefined;
  grant: "refresh_token" | "client_credentials";
  refreshToken?: string | undefined;
  scope?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** Now in milliseconds, for `expiresAt`. Default `Date.now`. */
  now?: (() => number) | undefined;
  timeoutMs?: number | undefined;
}

/**
 * One request to the vendor's token endpoint, `POST {origin}/oauth/tokens`: the tokens it answers,
 * or an OAuthError naming OAuth's code and what to do (an AuthError when it cannot be reached). Never
 * retried: a refresh token is used once. The client calls it for `auth.oauth`; a tool that keeps
 * tokens across processes (the CLI's store) calls it under its own lock.
 */
export async function fetchTokens(request: TokenRequest): Promise<OAuthTokens> {
  const { grant, origin } = request;
  const url = `${origin}/oauth/tokens`;
  const body = {
    grant_type: grant,
    client_id: request.clientId,
    ...(request.clientSecret && { client_secret: request.clientSecret }),
    ...(grant === "refresh_token" && { refresh_token: request.refreshToken }),
    ...(request.scope && { scope: request.scope }),
  };
  let response: Response;
  let text: string;
  try {
    response = await (request.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      redirect: "error",
      signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    throw new AuthError(
      `could not reach the token endpoint POST ${url}: ${error instanceof Error ? error.message : String(error)}`,
      { method: "POST", url },
      error,
    );
  }
  let answer: Record<string, unknown> = {};
  try {
    answer = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Said below, with the status.
  }
  if (!response.ok) {
    const code = typeof answer.error === "string" ? answer.error : `status ${response.status}`;
    const said = typeof answer.error_description === "string" ? `: ${answer.error_description}` : "";
    const advice =
      code === "invalid_grant"
        ? grant === "refresh_token"
          ? " The refresh token expired, was revoked or was already used (each refresh replaces it): sign in again (sideconvo login) and give the new refresh token."
          : ""
        : code === "invalid_client"
          ? " Check auth.oauth.clientId and clientSecret against the account's OAuth client."
          : "";
    throw new OAuthError(`the token endpoint refused the ${grant} grant (${code}${said}).${advice}`, {
      method: "POST",
      url,
      code,
      status: response.status,
    });
  }
  const { access_token, refresh_token, expires_in, refresh_token_expires_in, scope } = answer;
  if (!line(access_token))
    throw new AuthError(`the token endpoint answered ${response.status} without an access_token`, {
      method: "POST",
      url,
    });
  const now = (request.now ?? Date.now)();
  const seconds = typeof expires_in === "number" && expires_in > 0 ? expires_in : undefined;
  return {
    accessToken: access_token as string,
    refreshToken: line(refresh_token) ? (refresh_token as string) : undefined,
    expiresAt: seconds === undefined ? Number.POSITIVE_INFINITY : now + seconds * 1000,
    refreshTokenExpiresAt:
      typeof refresh_token_expires_in === "number" ? now + refresh_token_expires_in * 1000 : undefined,
    scope: typeof scope === "string" ? scope : undefined,
  };
}
