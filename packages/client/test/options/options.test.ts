import { describe, expect, it } from "vitest";
import { createClient, ValidationError } from "../../src/index.js";
import { EMAIL, fakeFetch, json, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };
const make = (options: Record<string, unknown>) =>
  createClient({ auth, fetch: fakeFetch(json({})), ...options } as never);

describe("options", () => {
  it("derives the origin from the subdomain", () => {
    expect(make({ subdomain: "acme" }).baseUrl).toBe("https://acme.zendesk.com");
    expect(make({ subdomain: "Acme-2" }).baseUrl).toBe("https://acme-2.zendesk.com");
  });

  it("accepts https anywhere and http on loopback only", () => {
    expect(make({ baseUrl: "https://support.example.com/" }).baseUrl).toBe("https://support.example.com");
    expect(make({ baseUrl: "http://127.0.0.1:4010" }).baseUrl).toBe("http://127.0.0.1:4010");
    expect(make({ baseUrl: "http://localhost:4010" }).baseUrl).toBe("http://localhost:4010");
    expect(make({ baseUrl: "http://[::1]:4010" }).baseUrl).toBe("http://[::1]:4010");
  });

  it.each([
    ["neither subdomain nor baseUrl", {}, "options"],
    ["both subdomain and baseUrl", { subdomain: "acme", baseUrl: "https://acme.zendesk.com" }, "options"],
    ["a subdomain with a dot", { subdomain: "acme.evil.com" }, "subdomain"],
    ["a subdomain with a slash", { subdomain: "acme/x" }, "subdomain"],
    ["a subdomain with a space", { subdomain: "ac me" }, "subdomain"],
    ["a subdomain starting with a hyphen", { subdomain: "-acme" }, "subdomain"],
    ["an empty subdomain", { subdomain: "" }, "subdomain"],
    ["a subdomain that is a number", { subdomain: 42 }, "subdomain"],
    ["a relative baseUrl", { baseUrl: "/api" }, "baseUrl"],
    ["a plain-http baseUrl off loopback", { baseUrl: "http://acme.zendesk.com" }, "baseUrl"],
    ["a plain-http baseUrl on a private address", { baseUrl: "http://10.0.0.5:4010" }, "baseUrl"],
    ["a baseUrl with a query", { baseUrl: "https://acme.zendesk.com?x=1" }, "baseUrl"],
    ["a non-http scheme", { baseUrl: "ftp://acme.zendesk.com" }, "baseUrl"],
    ["a zero timeout", { subdomain: "acme", timeoutMs: 0 }, "timeoutMs"],
    ["a negative timeout", { subdomain: "acme", timeoutMs: -5 }, "timeoutMs"],
    ["a timeout that is not a number", { subdomain: "acme", timeoutMs: "30s" }, "timeoutMs"],
    ["an infinite timeout", { subdomain: "acme", timeoutMs: Number.POSITIVE_INFINITY }, "timeoutMs"],
    ["a user agent with a line break", { subdomain: "acme", userAgent: "x\r\ny" }, "userAgent"],
    ["a fetch that is not a function", { subdomain: "acme", fetch: "fetch" }, "fetch"],
  ])("refuses %s, naming the option and the value", (_what, options, field) => {
    expect(() => make(options)).toThrow(ValidationError);
    try {
      make(options);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).toMatch(new RegExp(`^${field} .+\\(got .+\\)$`));
    }
  });

  it("never shows the password of a baseUrl with credentials", () => {
    expect(() => make({ baseUrl: "https://agent:hunter2@acme.zendesk.com" })).toThrow(/must not carry credentials/);
    try {
      make({ baseUrl: "https://agent:hunter2@acme.zendesk.com" });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain("hunter2");
      expect(String(error)).not.toContain("hunter2");
    }
  });
});
