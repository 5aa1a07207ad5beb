// The Authorization header for the vendor's three ways to sign in, and the secrets the redactor
// must keep out of every error.
import { AuthError, ValidationError } from "./errors.js";

/**
 * Gives the client an OAuth access token when it needs one: before each request, and once more
 * with `{ refresh: true }` after the server refused a token (401), the moment to get a fresh one.
 * Keep the token in it and refresh it there (the client does not cache it), so that a job that
 * outlives a token goes on.
 */
export type TokenProvider = (need: { refresh: boolean }) => string | Promise<string>;

export type Auth =
  | { email: string; apiToken: string }
  | { email: string; password: string }
  | { oauthToken: string | TokenProvider };

export interface ResolvedAuth {
  /** The Authorization value, when it is fixed. */
  header?: string;
  /** The token provider, when the token is not fixed. */
  provider?: TokenProvider;
  secrets: string[];
}

export function resolveAuth(auth: Auth): ResolvedAuth {
  const given = (auth ?? {}) as Record<string, unknown>;
  if ("oauthToken" in given) {
    if (typeof given.oauthToken === "function") return { provider: given.oauthToken as TokenProvider, secrets: [] };
    const token = secret(given, "oauthToken");
    return { header: `Bearer ${token}`, secrets: [token] };
  }
  const key = "apiToken" in given ? "apiToken" : "password";
  if (typeof given.email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(given.email)) {
    throw new ValidationError(
      "auth.email",
      given.email,
      "must be the agent's email address, with auth.apiToken, auth.password or auth.oauthToken",
    );
  }
  const value = secret(given, key);
  const basic = base64(`${given.email}${key === "apiToken" ? "/token" : ""}:${value}`);
  return { header: `Basic ${basic}`, secrets: [value, basic, base64(value)] };
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
): Promise<string> {
  let token: unknown;
  try {
    token = await provider({ refresh });
  } catch (error) {
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
