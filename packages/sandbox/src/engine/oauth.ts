// The vendor's OAuth, on the sandbox clock: registered clients, the authorization endpoint (a
// minimal consent page), the token endpoint with its three grants, and the check of every API
// request's credentials. Access tokens expire, a refresh rotates the pair (the old one stops
// working at once), codes live 120 s and are used once, PKCE S256 is checked. API tokens work
// until a retirement instant (the vendor's 2027-04-30 by default); passwords never do.
//
// Tokens live in memory, for the sandbox's life: a restart signs everyone out, as a revoked
// client would. Rehearse "the refresh token died" with POST /__sandbox/oauth/revoke.
import type { Clock } from "./clock.js";
import { Refusal, unauthenticated } from "./problems.js";
import type { Participant } from "./types.js";

export interface OAuthClient {
  /** The client's identifier, as the account shows it. */
  id: string;
  /** `confidential` (has a secret; may use client credentials) or `public` (PKCE, no secret). */
  kind: "confidential" | "public";
  /** The confidential client's secret. */
  secret?: string;
  /**
   * Where the browser may be sent back. A loopback URI matches on any port (RFC 8252), so a
   * command-line login can listen where it likes.
   */
  redirectUris: string[];
}

export interface OAuthOptions {
  /** The OAuth clients the account has. Default `SANDBOX_OAUTH_CLIENTS`. */
  clients?: OAuthClient[];
  /** When API tokens stop working, on the sandbox clock (ISO 8601). Default the vendor's 2027-04-30. */
  apiTokensUntil?: string;
  /** Access token lifetime when the request names none, in seconds. Default 1800 (30 minutes). */
  accessTokenSeconds?: number;
  /** Refresh token lifetime when the request names none, in seconds. Default 30 days. */
  refreshTokenSeconds?: number;
}

/** The clients a sandbox has unless told otherwise: one of each kind, both on loopback. */
export const SANDBOX_OAUTH_CLIENTS: OAuthClient[] = [
  {
    id: "sideconvo_sandbox",
    kind: "confidential",
    secret: "sandbox-client-secret",
    redirectUris: ["http://127.0.0.1/callback", "http://localhost/callback"],
  },
  { id: "sideconvo_cli", kind: "public", redirectUris: ["http://127.0.0.1/callback"] },
];

/** The sandbox's confidential client, as `auth.oauth` takes it: `createClient({ auth: { oauth: SANDBOX_CLIENT } })`. */
export const SANDBOX_CLIENT = { clientId: "sideconvo_sandbox", clientSecret: "sandbox-client-secret" } as const;

/** The vendor's retirement of API tokens: every remaining one stops working on this day. */
export const API_TOKENS_END = "2027-04-30T00:00:00Z";

/** The agent a sandbox-issued token acts as (the sandbox has one person who approves). */
export const OAUTH_AGENT = "oauth-agent@example.com";

const CODE_MS = 120_000;
const DAY = 86_400;

interface Grant {
  clientId: string;
  scope: string;
  /** The refresh token's pair, for rotation and revocation. */
  family: string;
}
interface AccessToken extends Grant {
  expiresAt: number;
  refreshToken?: string;
}
interface RefreshToken extends Grant {
  expiresAt: number;
  accessToken: string;
  accessSeconds: number;
  refreshSeconds: number;
}
interface Code {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge?: string;
  expiresAt: number;
}

/** An OAuth error answer (RFC 6749 §5.2): `{ error, error_description }`, never cached. */
export const oauthError = (status: number, error: string, description: string, extra: Record<string, string> = {}) =>
  new Refusal(status, { error, error_description: description }, [], { "cache-control": "no-store", ...extra });

const random = (prefix: string) => `${prefix}${crypto.randomUUID().replaceAll("-", "")}`;

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

/** Whether `given` is one of the client's redirect URIs (a loopback one on any port). */
function redirectAllowed(client: OAuthClient, given: string): boolean {
  if (!URL.canParse(given)) return false;
  const url = new URL(given);
  return client.redirectUris.some((allowed) => {
    const registered = new URL(allowed);
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(registered.hostname);
    return loopback
      ? registered.protocol === url.protocol &&
          registered.hostname === url.hostname &&
          registered.pathname === url.pathname
      : registered.href === url.href;
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export class OAuthServer {
  readonly #clients: Map<string, OAuthClient>;
  readonly #clock: Clock;
  readonly #apiTokensUntil: number;
  readonly #accessSeconds: number;
  readonly #refreshSeconds: number;
  readonly #access = new Map<string, AccessToken>();
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #codes = new Map<string, Code>();

  constructor(clock: Clock, options: OAuthOptions = {}) {
    const clients = options.clients ?? SANDBOX_OAUTH_CLIENTS;
    for (const client of clients) {
      if (typeof client?.id !== "string" || !client.id)
        throw new RangeError(`oauth.clients: each client needs an id, got ${JSON.stringify(client)}`);
      if (client.kind === "confidential" && !client.secret)
        throw new RangeError(`oauth.clients: the confidential client ${client.id} needs a secret`);
    }
    this.#clients = new Map(clients.map((client) => [client.id, client]));
    this.#clock = clock;
    const until = Date.parse(options.apiTokensUntil ?? API_TOKENS_END);
    if (!Number.isFinite(until))
      throw new RangeError(`oauth.apiTokensUntil must be an ISO 8601 instant, got ${options.apiTokensUntil}`);
    this.#apiTokensUntil = until;
    this.#accessSeconds = options.accessTokenSeconds ?? 1800;
    this.#refreshSeconds = options.refreshTokenSeconds ?? 30 * DAY;
  }

  /**
   * The agent an API request acts as, or the vendor's 401: a Bearer token this sandbox issued and
   * that is neither expired nor revoked; a Basic API token (`email/token:…`) before the retirement
   * instant. Password access (`email:password`) was switched off by the vendor in January 2026.
   */
  actorOf(authorization: string): Participant {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (bearer) {
      const token = this.#access.get(bearer[1] as string);
      if (!token || token.expiresAt <= this.#clock.now())
        throw oauthError(
          401,
          "invalid_token",
          "The access token provided is expired, revoked, malformed or invalid for other reasons.",
          { "www-authenticate": 'Bearer realm="sandbox", error="invalid_token"' },
        );
      return participant(OAUTH_AGENT);
    }
    const basic = /^Basic\s+(.*)$/i.exec(authorization);
    if (!basic) throw unauthenticated();
    let decoded: string;
    try {
      decoded = atob((basic[1] as string).trim());
    } catch {
      throw unauthenticated();
    }
    const colon = decoded.indexOf(":");
    if (colon < 1 || colon === decoded.length - 1) throw unauthenticated();
    const user = decoded.slice(0, colon);
    // Password access is gone; API tokens end at the retirement instant. The vendor's 401, with
    // a word for the person reading it.
    if (!user.endsWith("/token") || this.#clock.now() >= this.#apiTokensUntil) throw unauthenticated();
    return participant(user.replace(/\/token$/, ""));
  }

  /** `POST /oauth/tokens`: the three grants, in JSON or form encoding, the client in the body or Basic. */
  async token(params: Record<string, unknown>, authorization: string | null): Promise<Record<string, unknown>> {
    const field = (name: string) => (typeof params[name] === "string" ? (params[name] as string) : undefined);
    const client = this.#client(field("client_id"), field("client_secret"), authorization);
    const grant = field("grant_type");
    const seconds = this.#lifetimes(params);
    const now = this.#clock.now();
    if (grant === "authorization_code") {
      const given = field("code") ?? "";
      const code = this.#codes.get(given);
      this.#codes.delete(given); // used once, whatever happens next
      if (!code || code.clientId !== client.id || code.expiresAt <= now)
        throw oauthError(
          400,
          "invalid_grant",
          "The authorization code is invalid, used or expired (codes live 120 s).",
        );
      if (field("redirect_uri") !== code.redirectUri)
        throw oauthError(400, "invalid_grant", "redirect_uri is not the one the code was issued for.");
      if (code.challenge !== undefined) {
        const verifier = field("code_verifier");
        if (!verifier || (await s256(verifier)) !== code.challenge)
          throw oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge (S256).");
      }
      return this.#issue(client.id, code.scope, seconds, true);
    }
    if (grant === "refresh_token") {
      const given = field("refresh_token") ?? "";
      const known = this.#refresh.get(given);
      if (!known || known.clientId !== client.id || known.expiresAt <= now)
        throw oauthError(400, "invalid_grant", "The refresh token is invalid, expired or revoked.");
      // Rotation: the old pair stops working now.
      this.#refresh.delete(given);
      this.#access.delete(known.accessToken);
      return this.#issue(
        client.id,
        field("scope") ?? known.scope,
        params.expires_in === undefined && params.refresh_token_expires_in === undefined
          ? { access: known.accessSeconds, refresh: known.refreshSeconds }
          : seconds,
        true,
      );
    }
    if (grant === "client_credentials") {
      if (client.kind !== "confidential")
        throw oauthError(
          400,
          "unauthorized_client",
          `The client ${client.id} is public: client credentials need a confidential client.`,
        );
      return this.#issue(client.id, field("scope") ?? "read write", seconds, false);
    }
    throw oauthError(
      400,
      "unsupported_grant_type",
      `grant_type must be authorization_code, refresh_token or client_credentials, got ${JSON.stringify(params.grant_type)}`,
    );
  }

  /**
   * `GET /oauth/authorizations/new`: a consent page (approve / deny), or, with `decision=approve`
   * or `decision=deny` (what its buttons send, and what a test sends without a browser), the
   * redirect back to the client with a `code` or an `error`.
   */
  async authorize(url: URL): Promise<{ status: number; headers: Record<string, string>; body: string | null }> {
    const q = url.searchParams;
    const client = this.#clients.get(q.get("client_id") ?? "");
    const redirectUri = q.get("redirect_uri") ?? "";
    // Never redirect to a URI the client did not register: the error is shown here instead.
    if (!client || !redirectAllowed(client, redirectUri))
      throw oauthError(
        400,
        "invalid_request",
        client
          ? `redirect_uri ${JSON.stringify(redirectUri)} is not registered for ${client.id}`
          : `Unknown client_id ${JSON.stringify(q.get("client_id"))}`,
      );
    const back = (params: Record<string, string>) => {
      const to = new URL(redirectUri);
      for (const [key, value] of Object.entries(params)) to.searchParams.set(key, value);
      const state = q.get("state");
      if (state !== null) to.searchParams.set("state", state);
      return { status: 302, headers: { location: to.href, "cache-control": "no-store" }, body: null };
    };
    if (q.get("response_type") !== "code") return back({ error: "unsupported_response_type" });
    const challenge = q.get("code_challenge") ?? undefined;
    if (challenge !== undefined && q.get("code_challenge_method") !== "S256")
      return back({ error: "invalid_request", error_description: "code_challenge_method must be S256" });
    if (client.kind === "public" && challenge === undefined)
      return back({ error: "invalid_request", error_description: "A public client must send a PKCE code_challenge" });
    const decision = q.get("decision");
    if (decision === "deny") return back({ error: "access_denied", error_description: "The user denied access" });
    if (decision === "approve") {
      const code = random("sbx_code_");
      this.#codes.set(code, {
        clientId: client.id,
        redirectUri,
        scope: q.get("scope") ?? "read write",
        ...(challenge !== undefined && { challenge }),
        expiresAt: this.#clock.now() + CODE_MS,
      });
      return back({ code });
    }
    const link = (choice: string) => {
      const to = new URL(url.href);
      to.searchParams.set("decision", choice);
      return escapeHtml(`${to.pathname}${to.search}`);
    };
    const body = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Authorize ${escapeHtml(client.id)}</title>
<main style="font:16px system-ui;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1>Authorize ${escapeHtml(client.id)}</h1>
<p>The sandbox's agent (${OAUTH_AGENT}) is asked to let <strong>${escapeHtml(client.id)}</strong> use the API with the scope <code>${escapeHtml(q.get("scope") ?? "read write")}</code>.</p>
<p><a href="${link("approve")}" id="approve">Allow</a> · <a href="${link("deny")}" id="deny">Deny</a></p>
</main></html>`;
    return { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }, body };
  }

  /** Revokes a token: an access token, or a refresh token with its access token. Whether it was known. */
  revoke(token: string): boolean {
    const refresh = this.#refresh.get(token);
    if (refresh) {
      this.#refresh.delete(token);
      this.#access.delete(refresh.accessToken);
      return true;
    }
    const access = this.#access.get(token);
    if (!access) return false;
    this.#access.delete(token);
    if (access.refreshToken) this.#refresh.delete(access.refreshToken);
    return true;
  }

  /** Every token and code stops working (a reset). */
  clear(): void {
    this.#access.clear();
    this.#refresh.clear();
    this.#codes.clear();
  }

  #client(id: string | undefined, secret: string | undefined, authorization: string | null): OAuthClient {
    let clientId = id;
    let clientSecret = secret;
    const basic = authorization && /^Basic\s+(.*)$/i.exec(authorization);
    if (basic) {
      try {
        const decoded = atob((basic[1] as string).trim());
        const colon = decoded.indexOf(":");
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        throw oauthError(401, "invalid_client", "The client's Basic credentials do not decode.");
      }
    }
    const client = this.#clients.get(clientId ?? "");
    if (!client) throw oauthError(401, "invalid_client", `Unknown client_id ${JSON.stringify(clientId ?? null)}.`);
    if (client.kind === "confidential" && clientSecret !== client.secret)
      throw oauthError(401, "invalid_client", `The client secret of ${client.id} is wrong or missing.`);
    return client;
  }

  /** `expires_in` and `refresh_token_expires_in` within the vendor's bounds (400 naming the value). */
  #lifetimes(params: Record<string, unknown>): { access: number; refresh: number } {
    const number = (name: string, fallback: number) => {
      const value = params[name];
      if (value === undefined) return fallback;
      const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
      if (!Number.isSafeInteger(n))
        throw oauthError(
          400,
          "invalid_request",
          `${name} must be a whole number of seconds, got ${JSON.stringify(value)}`,
        );
      return n as number;
    };
    const refresh = number("refresh_token_expires_in", this.#refreshSeconds);
    const access = number("expires_in", Math.min(this.#accessSeconds, refresh - 1));
    if (!(refresh > 604_800 && refresh < 7_776_000))
      throw oauthError(
        400,
        "invalid_request",
        `refresh_token_expires_in must be over 604800 and under 7776000 seconds, got ${refresh}`,
      );
    if (!(access > 300 && access < 172_800 && access < refresh))
      throw oauthError(
        400,
        "invalid_request",
        `expires_in must be over 300 and under 172800 seconds, and under refresh_token_expires_in, got ${access}`,
      );
    return { access, refresh };
  }

  #issue(clientId: string, scope: string, seconds: { access: number; refresh: number }, withRefresh: boolean) {
    const now = this.#clock.now();
    const family = random("");
    const accessToken = random("sbx_at_");
    const refreshToken = withRefresh ? random("sbx_rt_") : undefined;
    this.#access.set(accessToken, {
      clientId,
      scope,
      family,
      expiresAt: now + seconds.access * 1000,
      ...(refreshToken && { refreshToken }),
    });
    if (refreshToken)
      this.#refresh.set(refreshToken, {
        clientId,
        scope,
        family,
        expiresAt: now + seconds.refresh * 1000,
        accessToken,
        accessSeconds: seconds.access,
        refreshSeconds: seconds.refresh,
      });
    return {
      access_token: accessToken,
      token_type: "bearer",
      scope,
      expires_in: seconds.access,
      ...(refreshToken && { refresh_token: refreshToken, refresh_token_expires_in: seconds.refresh }),
    };
  }
}

/** A stable user id per address, so that the same agent is the same participant. */
export function participant(address: string): Participant {
  let id = 7;
  for (const char of address.toLowerCase()) id = (id * 31 + char.charCodeAt(0)) % 2_000_000_000;
  return { user_id: id + 1, name: address.split("@")[0] ?? null, email: address };
}
