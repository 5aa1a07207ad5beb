// The Authorization header for the vendor's three ways to sign in, and the secrets the redactor
// must keep out of every error.
import { AuthError, SideconvoError, ValidationError } from "./errors.js";
import { type CheckedOAuth, checkOAuth, type OAuthAuth } from "./oauth.js";
import type { TokenProvider } from "./token-provider.js";

export type { TokenProvider };

export type Auth =
  /** OAuth, with tokens the client gets and refreshes itself: the way to sign in. */
  | { oauth: OAuthAuth }
  /** An OAuth access token you manage: a string, or a provider that refreshes it. */
  | { oauthToken: string | TokenProvider }
  /**
   * @deprecated The vendor retires API tokens: none can be created since 2026-10-27, and every
   * one stops working on 2027-04-30. Sign in with `{ oauth: { … } }`.
   */
  | { email: string; apiToken: string }
  /** @deprecated Refused: the vendor switched password access off for all accounts in January 2026. */
  | { email: string; password: string };

/** When the vendor's API tokens stop working. */
export const API_TOKENS_END = "2027-04-30";

export interface ResolvedAuth {
  /** The Authorization value, when it is fixed. */
  header?: string;
  /** The token provider, when the token is not fixed. */
  provider?: TokenProvider;
  /** `auth.oauth`, checked: the client makes its provider once the redactor exists. */
  oauth?: CheckedOAuth;
  /** An API token: said once, through the logger, with the date it stops working. */
  deprecated?: string;
  secrets: string[];
}

export function resolveAuth(auth: Auth): ResolvedAuth {
  const given = (auth ?? {}) as Record<string, unknown>;
  if ("oauth" in given) {
    const oauth = checkOAuth(given.oauth as OAuthAuth);
    return { oauth, secrets: oauth.secrets };
  }
  if ("password" in given && !("apiToken" in given))
    throw new ValidationError(
      "auth.password",
      "(hidden)",
      "is refused: the vendor switched password access off for all accounts in January 2026; sign in with OAuth, auth: { oauth: { clientId, refreshToken or clientSecret } }",
    );
  if ("oauthToken" in given) {
    if (typeof given.oauthToken === "function") return { provider: given.oauthToken as TokenProvider, secrets: [] };
    const token = secret(given, "oauthToken");
    return { header: `Bearer ${token}`, secrets: [token] };
  }
  const key = "apiToken";
  if (typeof given.email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(given.email)) {
    throw new ValidationError(
      "auth.email",
      given.email,
      "must be the agent's email address, with auth.apiToken (or sign in with auth.oauth)",
    );
  }
  const value = secret(given, key);
  const basic = base64(`${given.email}/token:${value}`);
  return {
    header: `Basic ${basic}`,
    secrets: [value, basic, base64(value)],
    deprecated: `sideconvo: API tokens stop working on ${API_TOKENS_END} (the vendor retires them; none can be created since 2026-10-27). Sign in with OAuth: createClient({ auth: { oauth: { clientId, refreshToken } } }), or sideconvo login.`,
  };
}

/**
 * A fresh Authorization value from the provider; `remember` learns the token, so that no error
 * the client throws afterwards can show it. A provider that throws or gives no usable token is an
 * AuthError naming the problem, never the value.
 */
export async function providedHeader(
  provider: TokenProvider,
  refresh: boolean,
  remember: (secret: string) => void,
  rejected?: string,
): Promise<string> {
  let token: unknown;
  try {
    token = await provider(rejected === undefined ? { refresh } : { refresh, rejected });
  } catch (error) {
    if (error instanceof SideconvoError) throw error; // the client's own (auth.oauth): already says what failed
    throw new AuthError(
      `the auth.oauthToken provider failed${refresh ? " to refresh the token after a 401" : ""}: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { field: "auth.oauthToken" },
      error,
    );
  }
  if (typeof token !== "string" || !token.trim() || /[\r\n]/.test(token)) {
    if (typeof token === "string" && token.trim()) remember(token);
    throw new AuthError(
      `the auth.oauthToken provider must give a non-empty single-line string (got ${
        typeof token === "string" ? "(hidden)" : typeof token
      })`,
      { field: "auth.oauthToken" },
    );
  }
  remember(token);
  return `Bearer ${token}`;
}

function secret(given: Record<string, unknown>, key: string): string {
  const value = given[key];
  // Never echo the value itself: say only what kind of thing it was.
  if (typeof value !== "string" || !value.trim() || /[\r\n]/.test(value)) {
    throw new ValidationError(
      `auth.${key}`,
      typeof value === "string" ? "(hidden)" : typeof value,
      "must be a non-empty single-line string",
    );
  }
  return value;
}

/** base64 of UTF-8 text, without Buffer, so that it runs in every runtime. */
export function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}
