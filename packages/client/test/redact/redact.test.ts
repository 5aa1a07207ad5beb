import { describe, expect, it } from "vitest";
import { createRedactor, scrub } from "../../src/redact.js";

describe("the redactor", () => {
  it("replaces the longest secret first, so no part of a longer one is left", () => {
    // A token and the base64 of a value that contains it: shortest first would leave "efgh".
    const redact = createRedactor(["abcd", "abcdefgh"]);
    expect(redact("x abcdefgh y abcd")).toBe("x [REDACTED] y [REDACTED]");
  });

  it("leaves secrets shorter than 4 characters alone, which would blank out ordinary words", () => {
    const redact = createRedactor(["abc", "wxyz"]);
    expect(redact("abc wxyz")).toBe("abc [REDACTED]");
  });
});

describe("scrub", () => {
  const redact = createRedactor(["s3cr3t-token"]);

  it("passes a value that is not an Error through unchanged", () => {
    expect(scrub("s3cr3t-token", redact)).toBe("s3cr3t-token");
    expect(scrub(undefined, redact)).toBeUndefined();
  });

  it("passes the caller's own abort reason through as it is", () => {
    const reason = new DOMException("stopped by s3cr3t-token's owner", "AbortError");
    expect(scrub(reason, redact)).toBe(reason);
    expect(reason.message).toBe("stopped by s3cr3t-token's owner");
  });

  it("scrubs the message, the stack and every string field, and keeps an error without a stack", () => {
    const error = Object.assign(new Error("failed with s3cr3t-token"), { url: "https://x/?t=s3cr3t-token", status: 5 });
    // V8 writes the stack's text on first read: read it before scrubbing, as a logger might have.
    expect(error.stack).toContain("s3cr3t-token");
    scrub(error, redact);
    expect([error.message, error.url, error.stack?.split("\n")[0]]).toEqual([
      "failed with [REDACTED]",
      "https://x/?t=[REDACTED]",
      "Error: failed with [REDACTED]",
    ]);
    expect(error.status).toBe(5);
    const bare = new Error("no stack");
    delete bare.stack;
    expect(() => scrub(bare, redact)).not.toThrow();
    expect(bare.stack).toBeUndefined();
  });

  it("replaces the cause with a clean copy: name, scrubbed message and a string code only", () => {
    const withCode = new Error("outer", {
      cause: Object.assign(new TypeError("connect to s3cr3t-token"), { code: "ECONNRESET", socket: { secret: 1 } }),
    });
    scrub(withCode, redact);
    const cause = withCode.cause as Error & Record<string, unknown>;
    expect([cause.name, cause.message, cause.code, cause.socket]).toEqual([
      "TypeError",
      "connect to [REDACTED]",
      "ECONNRESET",
      undefined,
    ]);
    const numericCode = new Error("outer", { cause: Object.assign(new Error("x"), { code: 42 }) });
    scrub(numericCode, redact);
    expect(Object.hasOwn(numericCode.cause as object, "code")).toBe(false);
    // The cause stays out of JSON and Object.keys, as a native cause is, and can still be replaced.
    expect(Object.keys(withCode)).not.toContain("cause");
    withCode.cause = "replaced";
    expect(withCode.cause).toBe("replaced");
    expect(Object.getOwnPropertyDescriptor(withCode, "cause")?.configurable).toBe(true);
  });
});
