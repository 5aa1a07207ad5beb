// The token provider of a login kept in the store: the stored access token while it is good, and a
// refresh under the store's lock otherwise. Under the lock the store is read again first: when
// another process has refreshed meanwhile, its new pair is used and nothing is sent (a second
// refresh with the old refresh token would be refused: the vendor rotates it). A new pair is saved
// before its access token is used.
import { fetchTokens, type TokenProvider } from "@sideconvo/client";
import { CliError, EXIT } from "../exit-codes.js";
import type { StoredLogin, TokenStore } from "./store.js";

/** Refresh this long before expiry, as the client does. */
const EARLY_MS = 60_000;

export function notSignedIn(origin: string): CliError {
  return new CliError(
    `Not signed in to ${origin}: run sideconvo login (or, for a server job, set ZENDESK_CLIENT_ID and ZENDESK_CLIENT_SECRET).`,
    EXIT.auth,
  );
}

export function storeProvider(
  store: TokenStore,
  origin: string,
  deps: { now: () => number; fetch?: typeof fetch },
): TokenProvider {
  const good = (login: StoredLogin) => login.expiresAt - EARLY_MS > deps.now();
  let inflight: Promise<string> | undefined;
  const refresh = (seen: StoredLogin) =>
    store.withLock(async () => {
      const current = store.read(origin);
      if (!current) throw notSignedIn(origin);
      if (current.accessToken !== seen.accessToken && good(current)) return current.accessToken;
      if (!current.refreshToken && !current.clientSecret)
        throw new CliError(`The login of ${origin} has no refresh token: run sideconvo login again.`, EXIT.auth);
      const tokens = await fetchTokens({
        origin,
        clientId: current.clientId,
        clientSecret: current.clientSecret,
        grant: current.refreshToken ? "refresh_token" : "client_credentials",
        refreshToken: current.refreshToken,
        ...(deps.fetch && { fetch: deps.fetch }),
        now: deps.now,
      });
      store.write(origin, { ...current, ...tokens, refreshToken: tokens.refreshToken ?? current.refreshToken });
      return tokens.accessToken;
    });
  return ({ refresh: after401, rejected }) => {
    if (inflight) return inflight;
    const login = store.read(origin);
    if (!login) throw notSignedIn(origin);
    if (after401 ? rejected !== undefined && rejected !== login.accessToken && good(login) : good(login))
      return login.accessToken;
    inflight = refresh(after401 && rejected !== undefined ? { ...login, accessToken: rejected } : login).finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
}
