import { describe, expect, it } from "vitest";
import { AuthError, createClient, OAuthError, type OAuthTokens, ValidationError } from "../../src/index.js";
import { testClock } from "../support/clock.js";
import { BASE, everythingShown, json, sideConversation } from "../support/fake-fetch.js";

// auth.oauth: the client gets and refreshes its own tokens at POST /oauth/tokens. Single flight,
// refresh before expiry and once after a 401, onTokens awaited before the new token is used, every
// OAuth error typed, and no token or secret in any error.
const CLIENT = { clientId: "app_1", clientSecret: "client-S3CRET-value" };
const REFRESH = "refresh-T0KEN-first";
const page = { side_conversations: [], next_page: null, previous_page: null, count: 0 };

/** A fake API and token endpoint: tokens are numbered, each refresh rotates the pair. */
function server(
  options: { expiresIn?: number; tokenAnswer?: () => Response | undefined; api?: (auth: string) => Response } = {},
) {
  const log: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  let issued = 0;
  let live = new Set<string>();
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.pathname === "/oauth/tokens") {
      const body = JSON.parse(await request.text()) as Record<string, unknown>;
      bodies.push(body);
      log.push(`token ${body.grant_type}`);
      await new Promise((resolve) => setTimeout(resolve, 5)); // an answer that takes a moment
      const override = options.tokenAnswer?.();
      if (override) return override;
      issued++;
      live = new Set([`access-${issued}`]);
      return json({
        access_token: `access-${issued}`,
        token_type: "bearer",
        scope: "read write",
        expires_in: options.expiresIn ?? 1800,
        ...(body.grant_type === "refresh_token" && {
          refresh_token: `refresh-${issued}`,
          refresh_token_expires_in: 2_592_000,
        }),
      });
    }
    const auth = request.headers.get("authorization") ?? "";
    log.push(`api ${auth}`);
    if (options.api) return options.api(auth);
    return live.has(auth.replace("Bearer ", ""))
      ? json(page)
      : json({ error: "invalid_token", error_description: "expired" }, 401);
  };
  return { fetch: fetch as typeof globalThis.fetch, log, bodies, expire: () => (live = new Set()) };
}

const make = (fetch: typeof globalThis.fetch, oauth: object, extra: object = {}) =>
  createClient({ baseUrl: BASE, auth: { oauth: { ...CLIENT, refreshToken: REFRESH, ...oauth } }, fetch, ...extra });

describe("auth.oauth", () => {
  it("gets a token at the first request, with the refresh grant as the vendor documents it", async () => {
    const api = server();
    await make(api.fetch, {}).sideConversations.list(42);
    expect(api.bodies).toEqual([
      { grant_type: "refresh_token", client_id: "app_1", client_secret: CLIENT.clientSecret, refresh_token: REFRESH },
    ]);
    expect(api.log).toEqual(["token refresh_token", "api Bearer access-1"]);
  });

  it("single flight: 25 requests waiting for a token cause one refresh", async () => {
    const api = server();
    const zd = make(api.fetch, {});
    await Promise.all(Array.from({ length: 25 }, () => zd.sideConversations.list(42)));
    expect(api.log.filter((line) => line.startsWith("token"))).toHaveLength(1);
    expect(new Set(api.log.filter((line) => line.startsWith("api")))).toEqual(new Set(["api Bearer access-1"]));
  });

  it("refreshes a minute before expiry on the client's clock, not before", async () => {
    const { clock, advance } = testClock({ auto: false });
    const api = server({ expiresIn: 1800 });
    const zd = make(api.fetch, {}, { clock });
    await zd.sideConversations.list(42);
    await advance(1_739_000); // 61 s before expiry: still good
    await zd.sideConversations.list(42);
    await advance(2_000); // 59 s before: refreshed first
    await zd.sideConversations.list(42);
    expect(api.log).toEqual([
      "token refresh_token",
      "api Bearer access-1",
      "api Bearer access-1",
      "token refresh_token",
      "api Bearer access-2",
    ]);
    // The rotated refresh token is the one sent the second time.
    expect(api.bodies[1]?.refresh_token).toBe("refresh-1");
  });

  it("after a 401, one refresh and one more try; 25 requests refused together still cause one refresh", async () => {
    const api = server();
    const zd = make(api.fetch, {});
    await zd.sideConversations.list(42);
    api.expire(); // revoked on the server's side
    await Promise.all(Array.from({ length: 25 }, () => zd.sideConversations.list(42)));
    expect(api.log.filter((line) => line.startsWith("token"))).toHaveLength(2);
    expect(api.log.at(-1)).toBe("api Bearer access-2");
  });

  it("a 401 that a fresh token does not cure is the ApiError, after one refresh only", async () => {
    const api = server({ api: () => json({ error: "Forbidden" }, 401) });
    const error = await make(api.fetch, {}, { retry: false })
      .sideConversations.list(42)
      .catch((caught: unknown) => caught);
    expect((error as { status?: number }).status).toBe(401);
    expect(api.log.filter((line) => line.startsWith("token"))).toHaveLength(2);
  });

  it("onTokens is awaited before the new access token is used, with the rotated refresh token", async () => {
    const api = server();
    const saved: OAuthTokens[] = [];
    const onTokens = async (tokens: OAuthTokens) => {
      api.log.push("onTokens start");
      await new Promise((resolve) => setTimeout(resolve, 20));
      saved.push(tokens);
      api.log.push("onTokens end");
    };
    await make(api.fetch, { onTokens }).sideConversations.list(42);
    expect(api.log).toEqual(["token refresh_token", "onTokens start", "onTokens end", "api Bearer access-1"]);
    expect(saved).toEqual([
      expect.objectContaining({ accessToken: "access-1", refreshToken: "refresh-1", scope: "read write" }),
    ]);
  });

  it("onTokens that throws: the call fails, nothing is sent with the new token, and the same tokens are offered again", async () => {
    const api = server();
    let fail = true;
    const offered: string[] = [];
    const onTokens = (tokens: OAuthTokens) => {
      offered.push(tokens.refreshToken as string);
      if (fail) throw new Error("disk full");
    };
    const zd = make(api.fetch, { onTokens });
    const error = await zd.sideConversations.list(42).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe(
      "auth.oauth.onTokens failed, so the new tokens were not used (they are offered to it again at the next request): disk full",
    );
    expect(api.log).toEqual(["token refresh_token"]);
    fail = false;
    await zd.sideConversations.list(42);
    expect(offered).toEqual(["refresh-1", "refresh-1"]); // no second refresh: the first pair is the live one
    expect(api.log).toEqual(["token refresh_token", "api Bearer access-1"]);
  });

  it("client credentials: a token for a confidential client, no refresh token, a new one after expiry", async () => {
    const { clock, advance } = testClock({ auto: false });
    const api = server();
    const zd = createClient({ baseUrl: BASE, auth: { oauth: CLIENT }, fetch: api.fetch, clock });
    await zd.sideConversations.list(42);
    await advance(1_800_000);
    await zd.sideConversations.list(42);
    expect(api.bodies).toEqual([
      { grant_type: "client_credentials", client_id: "app_1", client_secret: CLIENT.clientSecret },
      { grant_type: "client_credentials", client_id: "app_1", client_secret: CLIENT.clientSecret },
    ]);
  });

  it("starts with a given access token until it expires", async () => {
    const { clock } = testClock();
    const api = server({ api: () => json(page) });
    await make(
      api.fetch,
      { accessToken: "given-access", expiresAt: new Date(clock.now() + 600_000) },
      { clock },
    ).sideConversations.list(42);
    expect(api.log).toEqual(["api Bearer given-access"]);
  });

  it.each([
    [
      "invalid_grant",
      400,
      "the token endpoint refused the refresh_token grant (invalid_grant: The refresh token is invalid, expired or revoked.). The refresh token expired, was revoked or was already used (each refresh replaces it): sign in again (sideconvo login) and give the new refresh token.",
    ],
    [
      "invalid_client",
      401,
      "the token endpoint refused the refresh_token grant (invalid_client: The refresh token is invalid, expired or revoked.). Check auth.oauth.clientId and clientSecret against the account's OAuth client.",
    ],
    [
      "invalid_request",
      400,
      "the token endpoint refused the refresh_token grant (invalid_request: The refresh token is invalid, expired or revoked.).",
    ],
    [
      "unauthorized_client",
      400,
      "the token endpoint refused the refresh_token grant (unauthorized_client: The refresh token is invalid, expired or revoked.).",
    ],
    [
      "unsupported_grant_type",
      400,
      "the token endpoint refused the refresh_token grant (unsupported_grant_type: The refresh token is invalid, expired or revoked.).",
    ],
  ])("%s is an OAuthError with its code, saying what to do, with no secret", async (code, status, message) => {
    const api = server({
      tokenAnswer: () =>
        json({ error: code, error_description: "The refresh token is invalid, expired or revoked." }, status),
    });
    const error = await make(api.fetch, {})
      .sideConversations.list(42)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code, status, message, name: "OAuthError" });
    expect(api.log).toEqual(["token refresh_token"]); // never retried: a refresh token is used once
    for (const secret of [REFRESH, CLIENT.clientSecret]) expect(everythingShown(error)).not.toContain(secret);
  });

  it("a token endpoint that answers 500 without JSON, or 200 without a token, says so", async () => {
    const broken = server({ tokenAnswer: () => new Response("<html>oops</html>", { status: 500 }) });
    await expect(make(broken.fetch, {}).sideConversations.list(42)).rejects.toMatchObject({
      name: "OAuthError",
      code: "status 500",
      message: "the token endpoint refused the refresh_token grant (status 500).",
    });
    const empty = server({ tokenAnswer: () => json({ token_type: "bearer" }) });
    await expect(make(empty.fetch, {}).sideConversations.list(42)).rejects.toThrow(
      "the token endpoint answered 200 without an access_token",
    );
  });

  it("no token or secret in an error that echoes them, in JSON or in onRetry", async () => {
    const api = server({
      api: (auth) => json({ error: "Boom", description: `got ${auth} and refresh-1` }, 503),
    });
    const retries: string[] = [];
    const error = await make(
      api.fetch,
      {},
      {
        retry: {
          retries: 1,
          minDelayMs: 1,
          maxDelayMs: 2,
          onRetry: (info: unknown) => retries.push(JSON.stringify(info)),
        },
      },
    )
      .sideConversations.list(42)
      .catch((caught: unknown) => caught);
    const shown = everythingShown(error) + retries.join("\n");
    for (const secret of ["access-1", "refresh-1", REFRESH, CLIENT.clientSecret]) expect(shown).not.toContain(secret);
    expect(shown).toContain("[REDACTED]");
  });

  it.each([
    ["no clientId", { refreshToken: REFRESH }, "auth.oauth.clientId"],
    ["neither refreshToken nor clientSecret", { clientId: "app_1" }, "auth.oauth"],
    [
      "grant refresh_token without a refresh token",
      { clientId: "app_1", clientSecret: "s", grant: "refresh_token" },
      "auth.oauth.refreshToken",
    ],
    [
      "grant client_credentials without a secret",
      { clientId: "app_1", refreshToken: REFRESH, grant: "client_credentials" },
      "auth.oauth.clientSecret",
    ],
    ["a grant the vendor has not", { ...CLIENT, grant: "password" }, "auth.oauth.grant"],
    [
      "a refresh token with a line break",
      { clientId: "app_1", refreshToken: `${REFRESH}\n` },
      "auth.oauth.refreshToken",
    ],
    ["an expiresAt that is no time", { ...CLIENT, expiresAt: "soon" }, "auth.oauth.expiresAt"],
    ["onTokens that is not a function", { ...CLIENT, onTokens: "save" }, "auth.oauth.onTokens"],
  ])("refuses %s at once, naming the field and never a secret", (_, oauth, field) => {
    let thrown: unknown;
    try {
      createClient({ baseUrl: BASE, auth: { oauth: oauth as never } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe(field);
    for (const secret of [REFRESH, CLIENT.clientSecret]) expect(everythingShown(thrown)).not.toContain(secret);
  });
});

describe("API tokens", () => {
  // The first API-token client of this file's module graph (vitest isolates each file).
  it("still work, with one notice naming the date they stop, however many clients are made", async () => {
    const said: string[] = [];
    const logger = { warn: (message: string) => said.push(message) };
    for (let n = 0; n < 3; n++) {
      const zd = createClient({
        baseUrl: BASE,
        auth: { email: "agent@example.com", apiToken: "tok-value" },
        fetch: async () => json({ side_conversation: sideConversation }),
        logger,
      });
      await zd.sideConversations.show(42, sideConversation.id);
    }
    expect(said).toEqual([
      "sideconvo: API tokens stop working on 2027-04-30 (the vendor retires them; none can be created since 2026-10-27). Sign in with OAuth: createClient({ auth: { oauth: { clientId, refreshToken } } }), or sideconvo login.",
    ]);
  });
});
