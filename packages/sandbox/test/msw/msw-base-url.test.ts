import { KEEP_API_TOKENS } from "@sideconvo/test-kit/api-tokens";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxHandlers } from "../../src/msw.js";

// `sandboxHandlers({ baseUrl })`, as the README says: code that builds the vendor's own address
// (https://{subdomain}.zendesk.com, as node-zendesk and hand-written fetch calls do) meets the
// sandbox there, unchanged; the default origin is then not intercepted.
const { handlers } = sandboxHandlers({ ...KEEP_API_TOKENS, baseUrl: "https://acme.zendesk.com" });
const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterAll(() => server.close());
const auth = { authorization: `Basic ${btoa("agent@example.com/token:x")}` };

describe("sandboxHandlers({ baseUrl })", () => {
  it("answers the vendor's own address, with .json, as the API does", async () => {
    const response = await fetch("https://acme.zendesk.com/api/v2/tickets/42/side_conversations.json", {
      headers: auth,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { side_conversations: { url: string }[] };
    expect(body.side_conversations.length).toBeGreaterThan(0);
  });

  it("refuses an address that is not a URL, naming it", () => {
    expect(() => sandboxHandlers({ baseUrl: "acme.zendesk.com" })).toThrow(
      'sandboxHandlers(): baseUrl must be an absolute URL, got "acme.zendesk.com"',
    );
  });
});
