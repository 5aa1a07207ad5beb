import { describe, expect, it } from "vitest";
import { targetFromEnv } from "../../src/env.js";
import { CliError, EXIT } from "../../src/exit-codes.js";

// SIDECONVO_BASE_URL, as the CLI guide describes it: every request to another server (a sandbox,
// the mock, a proxy) instead of the account; a value that is not an absolute URL is refused by name.
describe("SIDECONVO_BASE_URL", () => {
  it("points every request at the server it names, over ZENDESK_SUBDOMAIN", () => {
    expect(targetFromEnv({ SIDECONVO_BASE_URL: "http://127.0.0.1:4010", ZENDESK_SUBDOMAIN: "acme" })).toEqual({
      target: { baseUrl: "http://127.0.0.1:4010" },
      origin: "http://127.0.0.1:4010",
    });
    expect(targetFromEnv({ ZENDESK_SUBDOMAIN: "acme" })).toEqual({
      target: { subdomain: "acme" },
      origin: "https://acme.zendesk.com",
    });
  });

  it("refuses a value that is not an absolute URL, naming it, as a usage error", () => {
    const error = (() => {
      try {
        targetFromEnv({ SIDECONVO_BASE_URL: "127.0.0.1:4010/api" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe('SIDECONVO_BASE_URL must be an absolute URL, got "127.0.0.1:4010/api".');
    expect((error as CliError).exitCode).toBe(EXIT.usage);
  });
});
