import { createRequire } from "node:module";
import { createClient, OAuthError, type OAuthTokens, participant } from "@sideconvo/client";
import { authorizeUrl, createPkce, exchangeCode } from "@sideconvo/client/oauth";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// OAuth end to end against the sandbox over HTTP: a sign-in with the authorization-code flow and
// PKCE (the consent approved without a person), an export that outlives five access tokens on the
// sandbox clock, a revoked refresh token, client credentials, and node-zendesk with a token the
// sandbox issued.
const APP = { clientId: "sideconvo_sandbox", clientSecret: "sandbox-client-secret" };
const CLI = { clientId: "sideconvo_cli" };
const REDIRECT = "http://127.0.0.1:45871/callback";

let sandbox: RunningMock;
beforeAll(async () => {
  sandbox = await startMock({ port: 0, stateful: { seed: "empty", exportPageSize: 10 } });
});
afterAll(() => sandbox?.stop());

const admin = async (path: string, body: unknown) => {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return response.json();
};
const advance = (ms: number) => admin("/__sandbox/clock", { advanceMs: ms });

/** A person signs in: the consent page's Allow link followed (no browser), the code exchanged. */
async function signIn(client: { clientId: string; clientSecret?: string }, decision = "approve") {
  const pkce = await createPkce();
  const url = authorizeUrl({ baseUrl: sandbox.url, clientId: client.clientId, redirectUri: REDIRECT, pkce });
  const page = await (await fetch(url)).text();
  const href = new RegExp(`href="([^"]+)" id="${decision}"`).exec(page)?.[1]?.replaceAll("&#38;", "&");
  expect(href).toBeDefined();
  const back = await fetch(`${sandbox.url}${href}`, { redirect: "manual" });
  expect(back.status).toBe(302);
  return exchangeCode({
    baseUrl: sandbox.url,
    ...client,
    redirectUri: REDIRECT,
    pkce,
    callbackUrl: back.headers.get("location") as string,
  });
}

describe("OAuth against the sandbox", () => {
  it("signs in with the authorization-code flow and PKCE, then works with the tokens it got", async () => {
    const tokens = await signIn(CLI);
    expect(tokens.refreshToken).toMatch(/^sbx_rt_/);
    const zd = createClient({ baseUrl: sandbox.url, auth: { oauth: { ...CLI, ...tokens } } });
    const { side_conversation } = await zd.sideConversations.create(42, {
      subject: "Signed in",
      body: "With OAuth",
      to: [participant.email("a@example.com")],
    });
    expect(side_conversation.subject).toBe("Signed in");
  });

  it("a denied consent is an OAuthError naming access_denied", async () => {
    const error = await signIn(CLI, "deny").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ code: "access_denied" });
    expect((error as Error).message).toMatch(/the person denied access/);
  });

  it("an export outlives five access tokens on the sandbox clock: every event once, the latest refresh token kept", async () => {
    const writer = createClient({ baseUrl: sandbox.url, auth: { oauth: APP } }); // client credentials
    for (let n = 0; n < 60; n++) {
      await writer.sideConversations.create(7, {
        subject: `n${n}`,
        body: "x",
        to: [participant.email("b@example.com")],
      });
      await advance(1_100); // a second apart: no second holds more than a page
    }
    const saved: OAuthTokens[] = [];
    const first = await signIn(APP);
    const zd = createClient({
      baseUrl: sandbox.url,
      auth: { oauth: { ...APP, ...first, onTokens: (tokens) => void saved.push(tokens) } },
    });
    const ids: string[] = [];
    for await (const event of zd.iterate.exportEvents({ startTime: 0, pageSize: 10 })) {
      ids.push(String(event.id));
      if (ids.length % 10 === 0) await advance(31 * 60_000); // the access token expires between pages
    }
    const created = ids.length;
    expect(created).toBeGreaterThanOrEqual(60);
    expect(new Set(ids).size).toBe(created); // every event once
    expect(saved.length).toBeGreaterThanOrEqual(5);
    expect(new Set(saved.map((tokens) => tokens.refreshToken)).size).toBe(saved.length); // rotated each time
    // The latest refresh token is the live one; the first is dead (rotation).
    const latest = saved.at(-1)?.refreshToken as string;
    const resumed = createClient({ baseUrl: sandbox.url, auth: { oauth: { ...APP, refreshToken: latest } } });
    await expect(resumed.sideConversations.list(7)).resolves.toBeDefined();
    const stale = createClient({ baseUrl: sandbox.url, auth: { oauth: { ...APP, refreshToken: first.refreshToken } } });
    await expect(stale.sideConversations.list(7)).rejects.toMatchObject({ name: "OAuthError", code: "invalid_grant" });
  });

  it("a revoked refresh token ends in one clear sentence, the token never shown", async () => {
    const tokens = await signIn(APP);
    await admin("/__sandbox/oauth/revoke", { token: tokens.refreshToken });
    const zd = createClient({ baseUrl: sandbox.url, auth: { oauth: { ...APP, ...tokens } } });
    const error = await zd.sideConversations.list(42).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as Error).message).toBe(
      "the token endpoint refused the refresh_token grant (invalid_grant: The refresh token is invalid, expired or revoked.). The refresh token expired, was revoked or was already used (each refresh replaces it): sign in again (sideconvo login) and give the new refresh token.",
    );
    const shown = `${(error as Error).message}${JSON.stringify(error)}${(error as Error).stack}`;
    for (const secret of [tokens.refreshToken as string, tokens.accessToken, APP.clientSecret])
      expect(shown).not.toContain(secret);
  });

  it("node-zendesk signs in with a token the sandbox issued, and meets the vendor's 401 once it expires", async () => {
    const issued = (await (
      await fetch(`${sandbox.url}/oauth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          grant_type: "client_credentials",
          client_id: APP.clientId,
          client_secret: APP.clientSecret,
        }),
      })
    ).json()) as { access_token: string; expires_in: number };
    const zendesk = createRequire(import.meta.url)("node-zendesk") as {
      createClient(options: Record<string, unknown>): {
        sideconversations: { list(ticketId: number): Promise<unknown[]> };
      };
    };
    const client = zendesk.createClient({
      token: issued.access_token,
      oauth: true,
      endpointUri: `${sandbox.url}/api/v2`,
      throwOriginalException: true,
    });
    await expect(client.sideconversations.list(7)).resolves.toBeInstanceOf(Array);
    await advance(issued.expires_in * 1000);
    await expect(client.sideconversations.list(7)).rejects.toMatchObject({
      statusCode: 401,
      result: { error: "invalid_token" },
    });
  });
});
