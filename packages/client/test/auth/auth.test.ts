import { describe, expect, it } from "vitest";
import { createClient, ValidationError } from "../../src/index.js";
import {
  BASE,
  EMAIL,
  everythingShown,
  fakeFetch,
  json,
  OAUTH,
  PASSWORD,
  secretForms,
  sideConversation,
  TOKEN,
} from "../support/fake-fetch.js";

const show = async (auth: unknown) => {
  const fetch = fakeFetch(json({ side_conversation: sideConversation }));
  const zd = createClient({ baseUrl: BASE, auth: auth as never, fetch });
  await zd.sideConversations.show(42, sideConversation.id);
  return fetch.calls[0]?.headers.get("authorization");
};

describe("auth", () => {
  it("signs in with an API token as {email}/token:{token}", async () => {
    expect(await show({ email: EMAIL, apiToken: TOKEN })).toBe(`Basic ${btoa(`${EMAIL}/token:${TOKEN}`)}`);
  });

  it("refuses a password: the vendor switched password access off, and the error says what to use", () => {
    let thrown: unknown;
    try {
      createClient({ baseUrl: BASE, auth: { email: EMAIL, password: PASSWORD } as never, fetch: fakeFetch(json({})) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as Error).message).toBe(
      'auth.password is refused: the vendor switched password access off for all accounts in January 2026; sign in with OAuth, auth: { oauth: { clientId, refreshToken or clientSecret } } (got "(hidden)")',
    );
    for (const secret of secretForms()) expect(everythingShown(thrown)).not.toContain(secret);
  });

  it("sends an OAuth token as a bearer token", async () => {
    expect(await show({ oauthToken: OAUTH })).toBe(`Bearer ${OAUTH}`);
  });

  it("encodes non-ASCII credentials as UTF-8", async () => {
    const header = await show({ email: "agënt@example.com", apiToken: "tökén" });
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(header?.slice(6) ?? ""), (c) => c.charCodeAt(0)));
    expect(decoded).toBe("agënt@example.com/token:tökén");
  });

  it.each([
    ["no auth", undefined, "auth.email"],
    ["an empty object", {}, "auth.email"],
    ["a bad email", { email: "agent", apiToken: TOKEN }, "auth.email"],
    ["an email without a secret", { email: EMAIL }, "auth.apiToken"],
    ["an empty token", { email: EMAIL, apiToken: "  " }, "auth.apiToken"],
    ["a token that is a number", { email: EMAIL, apiToken: 12345 }, "auth.apiToken"],
    ["a token with a line break", { email: EMAIL, apiToken: `${TOKEN}\r\nX-Evil: 1` }, "auth.apiToken"],
    ["an empty OAuth token", { oauthToken: "" }, "auth.oauthToken"],
    ["a password, even a broken one", { email: EMAIL, password: `${PASSWORD}\n` }, "auth.password"],
  ])("refuses %s at once, naming the field and never the secret", (_what, auth, field) => {
    let thrown: unknown;
    try {
      createClient({ baseUrl: BASE, auth: auth as never, fetch: fakeFetch(json({})) });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe(field);
    const shown = everythingShown(thrown);
    for (const secret of secretForms()) expect(shown).not.toContain(secret);
  });
});
