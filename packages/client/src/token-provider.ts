// The `auth.oauthToken` provider's type, in a file of its own: auth.ts takes one and oauth.ts makes
// one, and neither imports the other for it.
/**
 * Gives the client an OAuth access token when it needs one: before each request, and once more
 * with `{ refresh: true }` after the server refused a token (401), the moment to get a fresh one.
 * Keep the token in it and refresh it there (the client does not cache it), so that a job that
 * outlives a token goes on.
 */
export type TokenProvider = (need: {
  refresh: boolean;
  /** With `refresh`: the token the server refused (a newer one may already be at hand). */
  rejected?: string;
}) => string | Promise<string>;
