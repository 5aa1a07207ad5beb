// The report as CI systems read it: JUnit XML in the shape of the Jenkins schema that GitHub
// Actions, GitLab, Azure Pipelines, CircleCI and Jenkins take. One test suite per operation, one
// test case per step and check; a failure carries each finding's JSON path, the expected schema
// and the received type; new fields go to the case's system-out, skipped cases say why.
import type { CheckResult, Finding, VerifyReport } from "./types.js";

/** Text for XML: escaped, and without the characters XML 1.0 cannot hold. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

const details = (f: Finding) =>
  [
    `${f.path}: ${f.message}${f.count > 1 ? ` (${f.count} times)` : ""}`,
    ...(f.expected ? [`  expected: ${f.expected}`] : []),
    ...(f.received ? [`  received: ${f.received}`] : []),
    ...(f.value !== undefined ? [`  value: ${f.value}`] : []),
  ].join("\n");

function testcase(c: CheckResult): string {
  const open = `    <testcase name="${xml(`${c.step} › ${c.check}`)}" classname="${xml(`sideconvo.verify.${c.operationId}`)}" time="${seconds(c.durationMs)}"`;
  const inner: string[] = [];
  // The reason as the element's text: the Jenkins schema gives <skipped> no attributes.
  if (c.outcome === "skipped") inner.push(`      <skipped>${xml(c.reason ?? "skipped")}</skipped>`);
  if (c.outcome === "failed") {
    const first = c.failures[0];
    const message = first ? `${first.path}: ${first.message}` : "failed";
    inner.push(
      `      <failure message="${xml(message)}" type="drift">${xml(`${c.request}\n${c.failures.map(details).join("\n")}`)}</failure>`,
    );
  }
  const out = [c.request, ...c.newFields.map((f) => `new ${f.path} (${f.received ?? "?"})`)];
  inner.push(`      <system-out>${xml(out.join("\n"))}</system-out>`);
  return `${open}>\n${inner.join("\n")}\n    </testcase>`;
}

export function toJUnit(report: VerifyReport): string {
  const suites = new Map<string, CheckResult[]>();
  for (const c of report.checks) suites.set(c.operationId, [...(suites.get(c.operationId) ?? []), c]);
  const count = (list: CheckResult[], outcome: CheckResult["outcome"]) =>
    list.filter((c) => c.outcome === outcome).length;
  const host = URL.canParse(report.target) ? new URL(report.target).host : report.target;
  const body = [...suites].map(([name, cases], id) => {
    const time = cases.reduce((sum, c) => sum + c.durationMs, 0);
    return [
      `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${count(cases, "failed")}" errors="0" skipped="${count(cases, "skipped")}" time="${seconds(time)}" timestamp="${report.startedAt.slice(0, 19)}" hostname="${xml(host)}" id="${id}" package="sideconvo.verify">`,
      "    <properties>",
      `      <property name="target" value="${xml(report.target)}"/>`,
      ...(report.ticket === undefined ? [] : [`      <property name="ticket" value="${report.ticket}"/>`]),
      "    </properties>",
      ...cases.map(testcase),
      "  </testsuite>",
    ].join("\n");
  });
  const { failed } = report.totals;
  // A run that could not verify is an error case of its own: a CI system shows the job as broken,
  // never as a suite that passed.
  const stopped = report.stopped
    ? [
        `  <testsuite name="sideconvo.verify" tests="1" failures="0" errors="1" skipped="0" time="${seconds(report.durationMs)}" timestamp="${report.startedAt.slice(0, 19)}" hostname="${xml(host)}" id="${body.length}" package="sideconvo.verify">`,
        `    <testcase name="verify could run" classname="sideconvo.verify" time="0.000">`,
        `      <error message="${xml(`could not verify: ${report.stopped.message}`)}" type="${xml(report.stopped.reason)}">${xml(`sideconvo verify stopped (${report.stopped.reason}): ${report.stopped.message}`)}</error>`,
        "    </testcase>",
        "  </testsuite>",
      ].join("\n")
    : undefined;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sideconvo verify" tests="${report.checks.length + (stopped ? 1 : 0)}" failures="${failed}" errors="${stopped ? 1 : 0}" time="${seconds(report.durationMs)}">`,
    ...body,
    ...(stopped ? [stopped] : []),
    "</testsuites>",
    "",
  ].join("\n");
}
