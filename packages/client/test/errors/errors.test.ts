import { describe, expect, it } from "vitest";
import { ApiError, createClient, NetworkError, RateLimitError, ResponseError, TimeoutError } from "../../src/index.js";
import {
  BASE,
  EMAIL,
  everythingShown,
  FAST,
  fakeFetch,
  json,
  networkError,
  OAUTH,
  secretForms,
  sideConversation,
  TOKEN,
} from "../support/fake-fetch.js";

const auths = [
  ["API token", { email: EMAIL, apiToken: TOKEN }],
  ["OAuth", { oauthToken: OAUTH }],
] as const;

const show = (fetch: typeof globalThis.fetch, auth: object = auths[0][1]) =>
  createClient({
    baseUrl: BASE,
    auth: auth as never,
    fetch,
    rateLimit: false,
    ...FAST,
    retry: { ...FAST.retry, retries: 0 },
  })
    .sideConversations.show(42, sideConversation.id)
    .catch((error: unknown) => error);

describe("error mapping", () => {
  it("reads the vendor's string error form, with the request id", async () => {
    const error = await show(
      fakeFetch(
        json({ error: "RecordNotFound", description: "Not found" }, 404, { "x-zendesk-request-id": "abc-123" }),
      ),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: "RecordNotFound",
      description: "Not found",
      requestId: "abc-123",
      method: "GET",
    });
    expect((error as Error).message).toBe(
      "GET /api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17 answered 404: RecordNotFound (Not found) [request id abc-123]",
    );
  });

  it("reads the vendor's object error form and its details", async () => {
    const details = { to: [{ error: "InvalidValue", description: "To is invalid" }] };
    const error = await show(fakeFetch(json({ error: { title: "Invalid", message: "Bad recipient" }, details }, 422)));
    expect(error).toMatchObject({ status: 422, code: "Invalid", description: "Bad recipient", details });
  });

  it("describes an HTML error page by its title, not its markup", async () => {
    const page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
    const error = await show(fakeFetch(new Response(page, { status: 502, headers: { "content-type": "text/html" } })));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).description).toBe('an HTML page titled "502 Bad Gateway"');
    expect((error as Error).message).not.toContain("<h1>");
  });

  it("keeps a plain-text error body, clipped", async () => {
    const error = await show(fakeFetch(new Response(`Too Many Requests ${"x".repeat(500)}`, { status: 429 })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as ApiError).description?.length).toBeLessThanOrEqual(201);
  });

  it("copes with an error status that has no body and no headers", async () => {
    const error = await show(fakeFetch(new Response(null, { status: 500 })));
    expect(error).toMatchObject({ name: "ApiError", status: 500 });
    expect((error as ApiError).code).toBeUndefined();
  });

  it.each([
    ["truncated JSON", '{"side_conversation": {"id": "85'],
    ["an HTML page with status 200", "<html><body>Maintenance</body></html>"],
    ["plain text", "OK"],
  ])("refuses a 2xx with %s as a ResponseError", async (_what, body) => {
    const error = await show(
      fakeFetch(new Response(body, { status: 200, headers: { "x-zendesk-request-id": "r-1" } })),
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ status: 200, requestId: "r-1" });
    expect((error as Error).message).toContain("not JSON");
  });

  it("refuses an empty 200 as a ResponseError", async () => {
    const error = await show(fakeFetch(new Response("", { status: 200 })));
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as Error).message).toContain("empty body");
  });

  it("gives every error a JSON form with its facts", async () => {
    const error = await show(fakeFetch(json({ error: "RecordNotFound" }, 404, { "x-zendesk-request-id": "r-2" })));
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "ApiError",
      status: 404,
      code: "RecordNotFound",
      requestId: "r-2",
    });
  });
});

describe("no credential in any error", () => {
  // A hostile server that echoes the request's Authorization header back in its error body,
  // and a fetch whose failure message repeats it: the client must still show nothing.
  const echo = (status: number) =>
    fakeFetch((sent) => json({ error: "Echo", description: `you sent ${sent.headers.get("authorization")}` }, status));
  const leakyNetwork = () =>
    fakeFetch((sent) => {
      throw Object.assign(new TypeError(`fetch failed with ${sent.headers.get("authorization")}`), {
        cause: Object.assign(new Error(`ECONNRESET while sending ${sent.headers.get("authorization")}`), {
          code: "ECONNRESET",
        }),
      });
    });

  it.each(auths)("%s: an API error echoing the header", async (_name, auth) => {
    const error = await show(echo(401), auth);
    expect(error).toBeInstanceOf(ApiError);
    const shown = everythingShown(error);
    expect(shown).toContain("[REDACTED]");
    for (const secret of secretForms()) expect(shown).not.toContain(secret);
  });

  it.each(auths)("%s: a network error repeating the header, and its cause", async (_name, auth) => {
    const error = await show(leakyNetwork(), auth);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe("ECONNRESET");
    const shown = everythingShown(error);
    for (const secret of secretForms()) expect(shown).not.toContain(secret);
  });

  it.each(auths)("%s: timeouts and plain network errors", async (_name, auth) => {
    const hang = fakeFetch(
      (sent) => new Promise((_, reject) => sent.signal?.addEventListener("abort", () => reject(sent.signal?.reason))),
    );
    const timeout = await createClient({ baseUrl: BASE, auth: auth as never, fetch: hang, retry: false, timeoutMs: 10 })
      .sideConversations.list(42)
      .catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    const refused = await show(fakeFetch(networkError("ECONNREFUSED")), auth);
    for (const error of [timeout, refused]) {
      const shown = everythingShown(error);
      for (const secret of secretForms()) expect(shown).not.toContain(secret);
    }
  });
});
