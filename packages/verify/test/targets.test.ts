// verify against the servers a user points it at: the stateless mock (real Prism serving the
// spec), the sandbox with writes, a server that is not there, one that refuses the credentials;
// and bad options, each refused with a VerifyError that names the option and the value.
import { startMock } from "@sideconvo/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSummary, VerifyError, type VerifyEvent, verify } from "../src/index.js";
import { auth, examples, sandboxTarget } from "./support/targets.js";

describe("verify against the stateless mock (Prism serving the spec)", { timeout: 120_000 }, () => {
  let mock: Awaited<ReturnType<typeof startMock>>;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
  });
  afterAll(() => mock?.stop());

  it("passes clean, over HTTP, finding the ticket in the export", async () => {
    const report = await verify({ baseUrl: mock.url, auth, startTime: 1_542_733_000 });
    expect(report.checks.filter((c) => c.outcome !== "passed")).toEqual([]);
    expect(report).toMatchObject({ ticket: 42, ticketSource: "found in the export", exitCode: 0 });
    expect(report.requests).toBe(7);
  });
});

describe("verify with writes (the sandbox)", () => {
  it("lists every write before the first is sent, sends them to the given ticket only, and checks their answers", async () => {
    const { fetch, baseUrl } = sandboxTarget();
    const events: VerifyEvent[] = [];
    const sent: string[] = [];
    const report = await verify({
      baseUrl,
      auth,
      ticket: 42,
      startTime: 0,
      writes: { to: "qa@example.com" },
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.method !== "GET") sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
      onEvent: (event) => {
        events.push(event);
      },
    });
    expect(report.checks.filter((c) => c.outcome !== "passed")).toEqual([]);
    const listed = events.findIndex((e) => e.type === "writes");
    const firstWrite = events.findIndex((e) => e.type === "request" && !e.request.startsWith("GET "));
    expect(listed).toBeGreaterThan(-1);
    expect(listed).toBeLessThan(firstWrite);
    expect(report.writes).toHaveLength(7);
    expect(sent).toHaveLength(7);
    // Every write that names a ticket names this one.
    for (const line of sent.filter((s) => /\/tickets\/\d+/.test(s))) expect(line).toMatch(/\/tickets\/42\//);
    const steps = [...new Set(report.checks.map((c) => c.operationId))];
    expect(steps).toEqual(
      expect.arrayContaining([
        "uploadSideConversationAttachment",
        "createSideConversation",
        "replyToSideConversation",
        "updateSideConversation",
        "importSideConversation",
        "importSideConversationEvents",
      ]),
    );
  });

  it("refuses writes without a ticket named for them", async () => {
    const { fetch, baseUrl } = sandboxTarget();
    await expect(verify({ baseUrl, auth, fetch, writes: { to: "qa@example.com" } })).rejects.toThrow(
      /writes need a ticket/,
    );
  });
});

describe("a budget of requests", () => {
  it("skips what it cannot send, and says so", async () => {
    const { fetch, baseUrl } = sandboxTarget();
    const report = await verify({ baseUrl, auth, fetch, startTime: 0, maxRequests: 3 });
    expect(report.requests).toBe(3);
    const skipped = report.checks.filter((c) => c.outcome === "skipped");
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((c) => c.reason === "not sent: the budget of 3 requests was spent")).toBe(true);
    expect(formatSummary(report)).toMatch(/\d+ check\(s\): not sent: the budget of 3 requests was spent/);
  });
});

describe("verify cannot do its job: a VerifyError (exit 2) that says why", () => {
  const error = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (caught) {
      return caught as VerifyError;
    }
    throw new Error("expected a VerifyError");
  };

  it("a server that is not there", async () => {
    const caught = await error(verify({ baseUrl: "http://127.0.0.1:9", auth, retry: false, startTime: 0 }));
    expect(caught).toBeInstanceOf(VerifyError);
    expect(caught.reason).toBe("connection");
    expect(caught.message).toMatch(/^could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it("refused credentials, without the credentials in the message", async () => {
    const secret = "a-secret-api-token";
    const caught = await error(
      verify({
        baseUrl: "http://127.0.0.1:4010",
        auth: { email: "a@example.com", apiToken: secret },
        startTime: 0,
        fetch: async () =>
          new Response(JSON.stringify({ error: "Couldn't authenticate you" }), {
            status: 401,
            headers: { "content-type": "application/json" },
          }),
      }),
    );
    expect(caught.reason).toBe("credentials");
    expect(caught.message).toContain("refused the credentials (401)");
    expect(`${caught.message} ${JSON.stringify(caught.report)}`).not.toContain(secret);
  });

  it("a ticket that is not there", async () => {
    const { fetch, baseUrl } = sandboxTarget(undefined, { ...examples(), unknownTickets: "404" });
    const caught = await error(verify({ baseUrl, auth, fetch, ticket: 999_999, startTime: 0 }));
    expect(caught.reason).toBe("not-found");
    expect(caught.message).toBe("ticket 999999 was not found (404) on https://sandbox.sideconvo.invalid");
  });

  it("no ticket given and none in the export, from the window or its start", async () => {
    const empty = { tickets: [], side_conversations: [], events: [], attachments: [], conversation_log: {} };
    const { fetch, baseUrl } = sandboxTarget(undefined, empty);
    const caught = await error(verify({ baseUrl, auth, fetch, startTime: 4_000_000_000 }));
    expect(caught.reason).toBe("usage");
    expect(caught.message).toMatch(
      /no side-conversation events .* since 2096-.* nor from the export's start to find a ticket in: give one that has side conversations \(--ticket\)/,
    );
    // What was checked before is kept: the window's page (status, headers, body, paging) and the start's.
    expect(caught.report?.checks.filter((c) => c.step === "exportSideConversationEvents (one page)")).toHaveLength(4);
    expect(caught.report?.requests).toBe(2);
  });

  it.each([
    [{ maxRequests: 0 }, "maxRequests must be a positive integer, got 0"],
    [{ ticket: -4 }, "ticket must be a positive integer, got -4"],
    [{ ticket: 42, writes: { to: "not an address" } }, "writes.to must be an email address"],
    [{ startTime: 1.5 }, "startTime must be Unix seconds, got 1.5"],
    [{ baseUrl: "ftp://example.com" }, "baseUrl"],
  ])("bad options %j", async (options, message) => {
    const caught = await error(verify({ baseUrl: "http://127.0.0.1:4010", auth, ...options }));
    expect(caught).toBeInstanceOf(VerifyError);
    expect(caught.reason).toBe("usage");
    expect(caught.message).toContain(message);
  });
});
