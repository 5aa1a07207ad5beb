import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSandbox, SANDBOX_OAUTH_CLIENTS, type Sandbox } from "../../src/index.js";

// The vendor's OAuth on the sandbox clock: each grant, expiry, rotation, PKCE, the vendor's bounds,
// every OAuth error body, API tokens until their retirement instant, and passwords refused.
const BASE = "http://127.0.0.1:4010";
const LIST = `${BASE}/api/v2/tickets/42/side_conversations.json`;
const confidential = SANDBOX_OAUTH_CLIENTS.find((client) => client.kind === "confidential") as {
  id: string;
  secret: string;
};
const publicClient = SANDBOX_OAUTH_CLIENTS.find((client) => client.kind === "public") as { id: string };
const REDIRECT = "http://127.0.0.1:53123/callback";

const tokens = (sandbox: Sandbox, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  sandbox.fetch(`${BASE}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const bearer = (sandbox: Sandbox, token: string) =>
  sandbox.fetch(LIST, { headers: { authorization: `Bearer ${token}` } });
const basic = (text: string) => ({ authorization: `Basic ${btoa(text)}` });
const clientCredentials = {
  grant_type: "client_credentials",
  client_id: confidential.id,
  client_secret: confidential.secret,
};
const pkce = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/** Approves a consent as the sandbox's agent would (no browser): the code from the redirect. */
async function approve(sandbox: Sandbox, params: Record<string, string>): Promise<URL> {
  const url = new URL(`${BASE}/oauth/authorizations/new`);
  for (const [key, value] of Object.entries({ response_type: "code", redirect_uri: REDIRECT, ...params }))
    url.searchParams.set(key, value);
  const page = await sandbox.fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const allow = /href="([^"]+)" id="approve"/.exec(html)?.[1];
  expect(allow).toContain("decision=approve");
  const decided = await sandbox.fetch(`${BASE}${(allow as string).replaceAll("&#38;", "&")}`, { redirect: "manual" });
  expect(decided.status).toBe(302);
  return new URL(decided.headers.get("location") as string);
}

describe("the sandbox's OAuth", () => {
  it("client credentials: a token that works until it expires on the sandbox clock, then the vendor's 401", async () => {
    const sandbox = createSandbox();
    const answer = await tokens(sandbox, clientCredentials);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const issued = (await answer.json()) as Record<string, unknown>;
    expect(issued).toMatchObject({ token_type: "bearer", expires_in: 1800, scope: "read write" });
    expect(issued.refresh_token).toBeUndefined();
    expect((await bearer(sandbox, issued.access_token as string)).status).toBe(200);
    sandbox.clock.advance(1_800_000);
    const expired = await bearer(sandbox, issued.access_token as string);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      error: "invalid_token",
      error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons.",
    });
    expect((await bearer(sandbox, "a-token-nobody-issued")).status).toBe(401);
  });

  it("authorization code with PKCE: consent, code once, verifier checked, codes live 120 s", async () => {
    const sandbox = createSandbox();
    const verifier = "v".repeat(43);
    const params = {
      client_id: publicClient.id,
      code_challenge: pkce(verifier),
      code_challenge_method: "S256",
      state: "s-1",
    };
    const back = await approve(sandbox, params);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("s-1");
    const code = back.searchParams.get("code") as string;
    const exchange = (extra: Record<string, string>) =>
      tokens(sandbox, {
        grant_type: "authorization_code",
        client_id: publicClient.id,
        redirect_uri: REDIRECT,
        code,
        ...extra,
      });
    const wrong = await exchange({ code_verifier: "w".repeat(43) });
    expect([wrong.status, await wrong.json()]).toEqual([
      400,
      { error: "invalid_grant", error_description: "code_verifier does not match the code_challenge (S256)." },
    ]);
    // The failed try used the code up: a second code, the right verifier.
    const again = (await approve(sandbox, params)).searchParams.get("code") as string;
    const good = await tokens(sandbox, {
      grant_type: "authorization_code",
      client_id: publicClient.id,
      redirect_uri: REDIRECT,
      code: again,
      code_verifier: verifier,
    });
    const pair = (await good.json()) as Record<string, string>;
    expect(good.status).toBe(200);
    expect(pair.refresh_token).toMatch(/^sbx_rt_/);
    expect((await bearer(sandbox, pair.access_token as string)).status).toBe(200);
    const reused = await tokens(sandbox, {
      grant_type: "authorization_code",
      client_id: publicClient.id,
      redirect_uri: REDIRECT,
      code: again,
      code_verifier: verifier,
    });
    expect((await reused.json()) as object).toMatchObject({ error: "invalid_grant" });
    const late = (await approve(sandbox, params)).searchParams.get("code") as string;
    sandbox.clock.advance(120_000);
    const stale = await tokens(sandbox, {
      grant_type: "authorization_code",
      client_id: publicClient.id,
      redirect_uri: REDIRECT,
      code: late,
      code_verifier: verifier,
    });
    expect([stale.status, ((await stale.json()) as { error: string }).error]).toEqual([400, "invalid_grant"]);
  });

  it("a denied consent, an unregistered redirect and a public client without PKCE", async () => {
    const sandbox = createSandbox();
    const url = new URL(`${BASE}/oauth/authorizations/new`);
    const ask = async (params: Record<string, string>) => {
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return sandbox.fetch(url, { redirect: "manual" });
    };
    const denied = await ask({
      response_type: "code",
      client_id: confidential.id,
      redirect_uri: REDIRECT,
      decision: "deny",
    });
    expect(new URL(denied.headers.get("location") as string).searchParams.get("error")).toBe("access_denied");
    const elsewhere = await ask({ redirect_uri: "https://evil.example/callback" });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get("location")).toBeNull();
    expect(await elsewhere.json()).toEqual({
      error: "invalid_request",
      error_description: `redirect_uri "https://evil.example/callback" is not registered for ${confidential.id}`,
    });
    const noPkce = await ask({ client_id: publicClient.id, redirect_uri: REDIRECT, decision: "approve" });
    expect(new URL(noPkce.headers.get("location") as string).searchParams.get("error")).toBe("invalid_request");
  });

  it("refresh rotates the pair: the old refresh token and its access token stop working at once", async () => {
    const sandbox = createSandbox();
    const back = await approve(sandbox, { client_id: confidential.id });
    const first = (await (
      await tokens(sandbox, {
        grant_type: "authorization_code",
        client_id: confidential.id,
        client_secret: confidential.secret,
        redirect_uri: REDIRECT,
        code: back.searchParams.get("code"),
      })
    ).json()) as Record<string, string>;
    const refresh = (token: string) =>
      tokens(sandbox, {
        grant_type: "refresh_token",
        refresh_token: token,
        client_id: confidential.id,
        client_secret: confidential.secret,
      });
    const second = (await (await refresh(first.refresh_token as string)).json()) as Record<string, string>;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await bearer(sandbox, first.access_token as string)).status).toBe(401);
    expect((await bearer(sandbox, second.access_token as string)).status).toBe(200);
    const old = await refresh(first.refresh_token as string);
    expect([old.status, await old.json()]).toEqual([
      400,
      { error: "invalid_grant", error_description: "The refresh token is invalid, expired or revoked." },
    ]);
    // Revoked by the admin route (a person signed the app out): the refresh fails, its access token too.
    const revoked = await sandbox.fetch(`${BASE}/__sandbox/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: second.refresh_token }),
    });
    expect(await revoked.json()).toEqual({ revoked: true });
    expect((await bearer(sandbox, second.access_token as string)).status).toBe(401);
    expect(((await (await refresh(second.refresh_token as string)).json()) as { error: string }).error).toBe(
      "invalid_grant",
    );
  });

  it.each([
    ["a wrong secret", { ...clientCredentials, client_secret: "nope" }, {}, 401, "invalid_client"],
    ["an unknown client", { ...clientCredentials, client_id: "nobody" }, {}, 401, "invalid_client"],
    [
      "a public client asking for client credentials",
      { grant_type: "client_credentials", client_id: publicClient.id },
      {},
      400,
      "unauthorized_client",
    ],
    ["an unknown grant", { ...clientCredentials, grant_type: "password" }, {}, 400, "unsupported_grant_type"],
    [
      "expires_in 300 (the vendor's bound is over 300)",
      { ...clientCredentials, expires_in: 300 },
      {},
      400,
      "invalid_request",
    ],
    [
      "refresh_token_expires_in 604800",
      { ...clientCredentials, refresh_token_expires_in: 604_800 },
      {},
      400,
      "invalid_request",
    ],
    ["expires_in not a number", { ...clientCredentials, expires_in: "soon" }, {}, 400, "invalid_request"],
  ])("%s: %i %s, as OAuth writes it", async (_, body, headers, status, error) => {
    const sandbox = createSandbox();
    const answer = await tokens(sandbox, body, headers);
    const parsed = (await answer.json()) as { error: string; error_description: string };
    expect([answer.status, parsed.error]).toEqual([status, error]);
    expect(parsed.error_description.length).toBeGreaterThan(10);
    expect(JSON.stringify(parsed)).not.toContain(confidential.secret);
  });

  it("takes a form-encoded request with the client in a Basic header, as OAuth libraries send it", async () => {
    const sandbox = createSandbox();
    const answer = await sandbox.fetch(`${BASE}/oauth/tokens`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...basic(`${confidential.id}:${confidential.secret}`),
      },
      body: "grant_type=client_credentials&expires_in=600",
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { expires_in: number }).expires_in).toBe(600);
  });

  it("API tokens work until the retirement instant on the sandbox clock; passwords never", async () => {
    const sandbox = createSandbox({ clock: { now: () => Date.parse("2027-04-29T23:59:00Z") } });
    const api = () => sandbox.fetch(LIST, { headers: basic("agent@example.com/token:abc") });
    expect((await api()).status).toBe(200);
    expect((await sandbox.fetch(LIST, { headers: basic("agent@example.com:hunter2") })).status).toBe(401);
    sandbox.clock.advance(60_000);
    const retired = await api();
    expect([retired.status, await retired.json()]).toEqual([401, { error: "Couldn't authenticate you" }]);
  });
});
