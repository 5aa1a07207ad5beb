// Each kind of drift, made on purpose: the sandbox engine answers as the spec says, and one of its
// answers is altered before verify sees it. Each test checks that the drift is caught (or told as
// new and allowed) and named by its JSON path, and what verify's exit code would be.
import { describe, expect, it } from "vitest";
import { bodyFailures } from "../src/checks/body.js";
import { type CheckResult, formatSummary, toMarkdown, type VerifyReport, verify } from "../src/index.js";
import { auth, SANDBOX_URL, sandboxTarget } from "./support/targets.js";

type Body = Record<string, unknown>;
const isList = (url: URL) => /\/tickets\/42\/side_conversations(\.json)?$/.test(url.pathname);
const isShow = (url: URL) => /\/side_conversations\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/events");

async function verifyAltered(when: (url: URL, method: string) => boolean, body: (b: Body, url: URL) => unknown) {
  const { fetch, baseUrl } = sandboxTarget({ when, body });
  return verify({ baseUrl, auth, fetch, startTime: 0 });
}

const failed = (report: VerifyReport) => report.checks.filter((c) => c.outcome === "failed");
const only = (report: VerifyReport): CheckResult => {
  const checks = failed(report);
  expect(checks.map((c) => `${c.step} › ${c.check}`)).toHaveLength(1);
  return checks[0] as CheckResult;
};

describe("verify names each kind of drift", () => {
  it("a renamed field: the required one is missing (fails), the new name is a new field", async () => {
    const report = await verifyAltered(
      (url) => isList(url) && !url.search.includes("page=2"),
      ({ side_conversations, ...rest }) => ({ ...rest, sideConversations: side_conversations }),
    );
    const bodyChecks = failed(report).filter((c) => c.check === "body");
    expect(bodyChecks.map((c) => c.step)).toEqual([
      "listSideConversations (per_page=1)",
      "listSideConversations (include=events)",
    ]);
    expect(bodyChecks[0]?.failures).toEqual([
      expect.objectContaining({
        path: "$.side_conversations",
        message: "a required field is missing",
        received: "nothing",
      }),
    ]);
    expect(bodyChecks[0]?.newFields).toEqual([
      expect.objectContaining({ path: "$.sideConversations", received: "array (1 item)" }),
    ]);
    expect(report.exitCode).toBe(1);
  });

  it("a changed type, with the expected schema and the received type", async () => {
    const report = await verifyAltered(
      (url) => isShow(url) && !url.search.includes("include"),
      (body) => ({ side_conversation: { ...(body.side_conversation as Body), id: 8566255 } }),
    );
    const check = only(report);
    expect(check).toMatchObject({ step: "showSideConversation", check: "body", operationId: "showSideConversation" });
    expect(check.failures).toEqual([
      {
        path: "$.side_conversation.id",
        message: "the type changed: the spec says string",
        expected: '{"type":"string","readOnly":true}',
        received: "integer",
        count: 1,
      },
    ]);
    expect(report.exitCode).toBe(1);
  });

  it("a value outside a closed enum fails; a new event type, where the spec takes others, is told and allowed", async () => {
    // The responses' enums are open where the vendor adds values (event, author and content types
    // have an "other" branch): a value outside a closed enum is shown on the spec's own closed one.
    const closed = bodyFailures("/components/schemas/SideConversationStateInput", "archived", false);
    expect(closed).toEqual([
      expect.objectContaining({
        path: "$",
        message: "a value the spec's enum does not list",
        expected: 'enum: ["open","closed"]',
        received: "string (8 chars)",
      }),
    ]);

    const report = await verifyAltered(
      (url) => url.pathname.endsWith("/side_conversations/events"),
      (body) => ({
        ...body,
        events: (body.events as Body[]).map((e, i) => (i === 0 ? { ...e, type: "transfer" } : e)),
      }),
    );
    expect(failed(report)).toEqual([]);
    const exported = report.checks.find(
      (c) => c.step === "exportSideConversationEvents (one page)" && c.check === "body",
    );
    expect(exported?.newFields).toEqual([
      expect.objectContaining({
        path: "$.events[*].type",
        message: expect.stringContaining("a value the spec does not list yet"),
        expected: 'not one of ["create","reply","update"]',
      }),
    ]);
    expect(report.exitCode).toBe(0);
  });

  it("a missing next_page: the client could not tell whether more pages follow", async () => {
    const report = await verifyAltered(
      (url) =>
        /\/events(\.json)?$/.test(url.pathname) &&
        url.pathname.includes("/side_conversations/") &&
        !url.pathname.endsWith("side_conversations/events"),
      ({ next_page: _gone, ...rest }) => rest,
    );
    const check = failed(report).find((c) => c.step === "listSideConversationEvents (per_page=1)");
    expect(check?.check).toBe("body");
    expect(check?.failures).toEqual([
      expect.objectContaining({ path: "$.next_page", message: "a required field is missing" }),
    ]);
    expect(report.exitCode).toBe(1);
  });

  it("a link to another origin: failed, and not followed", async () => {
    const report = await verifyAltered(
      (url) => isList(url) && url.searchParams.get("per_page") === "1" && !url.searchParams.has("page"),
      (body) => ({ ...body, next_page: "https://elsewhere.example/api/v2/tickets/42/side_conversations.json?page=2" }),
    );
    const check = only(report);
    expect(check).toMatchObject({ step: "listSideConversations (per_page=1)", check: "paging" });
    expect(check.failures).toEqual([
      expect.objectContaining({
        path: "$.next_page",
        message: expect.stringContaining("another origin"),
        expected: "a URL on https://sandbox.sideconvo.invalid",
        received: "another origin",
      }),
    ]);
    expect(report.checks.some((c) => c.step === "listSideConversations (next page)")).toBe(false);
  });

  it("a cursor that does not move: the next page repeats the first", async () => {
    // The log's next link leads back to the first page.
    const report = await verifyAltered(
      (url) => url.pathname.includes("/conversation_log") && !url.searchParams.has("page[after]"),
      (body) => ({
        ...body,
        links: {
          ...(body.links as Body),
          next: "https://sandbox.sideconvo.invalid/api/v2/tickets/42/conversation_log.json?page%5Bsize%5D=1&sort=-created_at",
        },
      }),
    );
    const check = only(report);
    expect(check).toMatchObject({ step: "listConversationLog (next cursor page)", check: "paging" });
    expect(check.failures.map((f) => f.path)).toEqual(["$.events", "$.meta.after_cursor"]);
    expect(report.exitCode).toBe(1);
  });

  it("a missing X-Zendesk-Request-Id (required on every answer) fails each check; a missing optional header does not", async () => {
    const strip = (name: string): typeof fetch => {
      const target = sandboxTarget();
      return async (input, init) => {
        const response = await target.fetch(input, init);
        const headers = new Headers(response.headers);
        headers.delete(name);
        return new Response(response.body, { status: response.status, headers });
      };
    };
    const report = await verify({ baseUrl: SANDBOX_URL, auth, fetch: strip("x-zendesk-request-id"), startTime: 0 });
    const headerChecks = failed(report).filter((c) => c.check === "headers");
    expect(headerChecks.length).toBeGreaterThan(0);
    expect(headerChecks.length).toBe(report.checks.filter((c) => c.check === "headers").length);
    expect(headerChecks[0]?.failures).toEqual([
      expect.objectContaining({
        path: "header x-zendesk-request-id",
        message: "the header the spec requires on this answer is missing",
        received: "no such header",
      }),
    ]);
    expect(report.exitCode).toBe(1);
    const optional = await verify({ baseUrl: SANDBOX_URL, auth, fetch: strip("x-rate-limit-remaining"), startTime: 0 });
    expect(failed(optional)).toEqual([]);
  });

  it("an extra field is a new field, not a failure", async () => {
    const report = await verifyAltered(
      (url) => isShow(url),
      (body) => ({ side_conversation: { ...(body.side_conversation as Body), priority: "urgent" } }),
    );
    expect(failed(report)).toEqual([]);
    const news = report.checks.flatMap((c) => c.newFields.map((f) => `${c.step}: ${f.path} (${f.received})`));
    expect(news).toEqual([
      "showSideConversation: $.side_conversation.priority (string (6 chars))",
      "showSideConversation (include=events): $.side_conversation.priority (string (6 chars))",
    ]);
    expect(report.exitCode).toBe(0);
    expect(formatSummary(report)).toContain("2 new fields or values: every answer holds.");
  });

  it("tells the value only when asked, and never the credentials", async () => {
    const secret = "verify-secret-token";
    const alter = (body: Body) => ({
      side_conversation: { ...(body.side_conversation as Body), id: 990011, note: "private note" },
    });
    const { fetch, baseUrl } = sandboxTarget({ when: (url) => isShow(url), body: alter });
    const hidden = await verify({ baseUrl, auth: { email: "a@example.com", apiToken: secret }, fetch, startTime: 0 });
    const shown = await verify({
      baseUrl,
      auth: { email: "a@example.com", apiToken: secret },
      fetch,
      startTime: 0,
      showValues: true,
    });
    for (const text of [formatSummary(hidden), toMarkdown(hidden), JSON.stringify(hidden)]) {
      expect(text).not.toContain("990011");
      expect(text).not.toContain("private note");
      expect(text).not.toContain(secret);
    }
    // The side conversation's id (a value of the account) is shown by its name in the requests.
    expect(formatSummary(hidden)).toContain("/side_conversations/{side_conversation_id}");
    expect(JSON.stringify(hidden)).not.toMatch(/side_conversations\/[0-9a-f]{8}-/);
    for (const text of [formatSummary(shown), toMarkdown(shown)]) {
      expect(text).toContain("990011");
      expect(text).toContain('"private note"');
      expect(text).not.toContain(secret);
    }
  });

  it("a map's keys are the account's own: a failure inside a typed map names {key}, unless showValues", () => {
    // ExternalIdsInput is a map (additionalProperties: a string schema): its keys are the names an
    // account chose, as private as its values.
    const body = { "acme-crm-ticket-7731": 5 };
    const pointer = "/components/schemas/ExternalIdsInput";
    const hidden = bodyFailures(pointer, body, false);
    expect(hidden.map((f) => f.path)).toEqual(["$.{key}"]);
    expect(JSON.stringify(hidden)).not.toContain("acme-crm-ticket-7731");
    expect(bodyFailures(pointer, body, true).map((f) => f.path)).toEqual(['$["acme-crm-ticket-7731"]']);
  });
});
