// The report as people read it: a table on the terminal, Markdown for a CI job summary or a
// pull-request comment. Both say what failed with its JSON path, what the spec expects and what
// came; values only where the report was made with `showValues`.
import type { CheckName, CheckResult, Finding, VerifyReport } from "./types.js";

const CHECKS: CheckName[] = ["status", "headers", "body", "paging"];

/** The checks of each step, in the order they ran. */
function steps(report: VerifyReport): [string, Map<CheckName, CheckResult>][] {
  const byStep = new Map<string, Map<CheckName, CheckResult>>();
  for (const c of report.checks) {
    const checks = byStep.get(c.step) ?? new Map<CheckName, CheckResult>();
    checks.set(c.check, c);
    byStep.set(c.step, checks);
  }
  return [...byStep];
}

/** The headline: what a reader may conclude, never "holds" for a run that could not verify. */
export function headline(report: VerifyReport): string {
  if (report.stopped) return "could not verify";
  return report.totals.failed ? "drift found" : "the contract holds";
}

export function verdict(report: VerifyReport): string {
  const { passed, failed, skipped, newFields } = report.totals;
  if (report.stopped)
    return `Could not verify: ${report.stopped.message}. ${failed} check${failed === 1 ? "" : "s"} failed and ${passed} passed before it stopped; the rest was not checked.`;
  const parts = [
    `${failed} check${failed === 1 ? "" : "s"} failed`,
    `${passed} passed`,
    ...(skipped ? [`${skipped} skipped`] : []),
    `${newFields} new field${newFields === 1 ? "" : "s"} or value${newFields === 1 ? "" : "s"}`,
  ];
  return `${parts.join(", ")}: ${failed ? "the server drifted from the spec" : "every answer holds"}.`;
}

const finding = (f: Finding) => [
  `${f.path}: ${f.message}${f.count > 1 ? ` (${f.count} times)` : ""}`,
  ...(f.expected ? [`expected ${f.expected}`] : []),
  ...(f.received ? [`received ${f.received}`] : []),
  ...(f.value !== undefined ? [`value ${f.value}`] : []),
];

function header(report: VerifyReport): string {
  const ticket =
    report.ticket === undefined
      ? "no ticket"
      : `ticket ${report.ticket}${report.ticketSource?.startsWith("found") ? ` (${report.ticketSource})` : ""}`;
  return `${report.target}, ${ticket}, ${report.requests} request${report.requests === 1 ? "" : "s"}, ${(report.durationMs / 1000).toFixed(1)} s`;
}

/** For a terminal: a table of steps by check, then each failure, each new field, the verdict. */
export function formatSummary(report: VerifyReport, { color = false }: { color?: boolean } = {}): string {
  const paint = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const word = (c: CheckResult | undefined) =>
    !c ? "" : c.outcome === "passed" ? (c.newFields.length ? "new" : "ok") : c.outcome === "failed" ? "FAIL" : "skip";
  const mark = (c: CheckResult | undefined) =>
    !c
      ? ""
      : c.outcome === "passed"
        ? c.newFields.length
          ? paint(33, "new")
          : paint(32, "ok")
        : c.outcome === "failed"
          ? paint(31, "FAIL")
          : paint(90, "skip");
  const rows = steps(report);
  const width = Math.max(4, ...rows.map(([step]) => step.length));
  const lines = [`sideconvo verify: ${header(report)}`, ""];
  lines.push(`  ${"step".padEnd(width)}  ${CHECKS.map((c) => c.padEnd(7)).join(" ")}`.trimEnd());
  for (const [step, checks] of rows) {
    const cells = CHECKS.map((name) => {
      // Padded by the visible word: colour codes take no room.
      return mark(checks.get(name)) + " ".repeat(Math.max(0, 7 - word(checks.get(name)).length));
    });
    lines.push(`  ${step.padEnd(width)}  ${cells.join(" ")}`.trimEnd());
  }
  const failed = report.checks.filter((c) => c.outcome === "failed");
  if (failed.length) {
    lines.push("", paint(31, "Failures"));
    for (const c of failed) {
      lines.push(`  ${c.step} › ${c.check}   ${c.request}`);
      for (const f of c.failures)
        for (const [i, line] of finding(f).entries()) lines.push(`${i ? "      " : "    - "}${line}`);
    }
  }
  const fresh = report.checks.filter((c) => c.newFields.length);
  if (fresh.length) {
    lines.push("", paint(33, "New fields and values (the spec's schemas allow them: not failures)"));
    for (const c of fresh)
      for (const f of c.newFields)
        lines.push(`  ${c.step}: ${f.path}: ${f.message} (${f.received})${f.value !== undefined ? ` ${f.value}` : ""}`);
  }
  const skipped = report.checks.filter((c) => c.outcome === "skipped");
  const reasons = [...new Set(skipped.map((c) => c.reason ?? "skipped"))];
  if (reasons.length || report.notes.length) {
    lines.push("", "Not checked");
    for (const note of report.notes) lines.push(`  ${note}`);
    for (const reason of reasons)
      lines.push(`  ${skipped.filter((c) => c.reason === reason).length} check(s): ${reason}`);
  }
  if (report.writes.length) {
    lines.push("", `Writes sent to ticket ${report.ticket}`);
    for (const w of report.writes) lines.push(`  ${w}`);
  }
  lines.push("", verdict(report));
  return `${lines.join("\n")}\n`;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** For a CI job summary or a pull-request comment. */
export function toMarkdown(report: VerifyReport): string {
  const icon = (c: CheckResult | undefined) =>
    !c ? "" : c.outcome === "passed" ? (c.newFields.length ? "🆕" : "✅") : c.outcome === "failed" ? "❌" : "⏭️";
  const lines = [
    `## sideconvo verify: ${headline(report)}`,
    "",
    `${header(report)}. ${verdict(report)}`,
    "",
    `| step | ${CHECKS.join(" | ")} |`,
    `| --- | ${CHECKS.map(() => ":---:").join(" | ")} |`,
  ];
  for (const [step, checks] of steps(report))
    lines.push(`| ${cell(step)} | ${CHECKS.map((c) => icon(checks.get(c))).join(" | ")} |`);
  const failed = report.checks.filter((c) => c.outcome === "failed");
  if (failed.length) {
    lines.push(
      "",
      "### Failures",
      "",
      "| step | check | where | what | expected | received |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const c of failed)
      for (const f of c.failures)
        lines.push(
          `| ${cell(c.step)} | ${c.check} | \`${cell(f.path)}\` | ${cell(f.message)}${f.count > 1 ? ` (${f.count}×)` : ""} | ${f.expected ? `\`${cell(f.expected)}\`` : ""} | ${cell(f.received ?? "")}${f.value !== undefined ? ` \`${cell(f.value)}\`` : ""} |`,
        );
  }
  const fresh = report.checks.filter((c) => c.newFields.length);
  if (fresh.length) {
    lines.push(
      "",
      "### New fields and values",
      "",
      "Drift the spec's schemas allow: not failures.",
      "",
      "| step | where | what | received |",
      "| --- | --- | --- | --- |",
    );
    for (const c of fresh)
      for (const f of c.newFields)
        lines.push(
          `| ${cell(c.step)} | \`${cell(f.path)}\` | ${cell(f.message)} | ${cell(f.received ?? "")}${f.value !== undefined ? ` \`${cell(f.value)}\`` : ""} |`,
        );
  }
  const skipped = report.checks.filter((c) => c.outcome === "skipped");
  if (skipped.length || report.notes.length) {
    lines.push("", "### Not checked", "");
    for (const note of report.notes) lines.push(`- ${note}`);
    for (const reason of new Set(skipped.map((c) => c.reason ?? "skipped")))
      lines.push(`- ${skipped.filter((c) => c.reason === reason).length} check(s): ${reason}`);
  }
  if (report.writes.length) {
    lines.push("", `### Writes sent to ticket ${report.ticket}`, "");
    for (const w of report.writes) lines.push(`- \`${w}\``);
  }
  return `${lines.join("\n")}\n`;
}
