// The Authorization header for the vendor's three ways to sign in, and the secrets the redactor
// must keep out of every error.
import { ValidationError } from "./errors.js";

export type Auth = { email: string; apiToken: string } | { email: string; password: string } | { oauthToken: string };

export function resolveAuth(auth: Auth): { header: string; secrets: string[] } {
  const given = (auth ?? {}) as Record<string, unknown>;
  if ("oauthToken" in given) {
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
