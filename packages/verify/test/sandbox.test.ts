import { describe, expect, it } from "vitest";
import { formatSummary, verify } from "../src/index.js";
import { auth, sandboxTarget } from "./support/targets.js";

describe("verify against the sandbox", () => {
  it("finds a ticket in the export and passes clean", async () => {
    const { fetch, baseUrl } = sandboxTarget();
    const report = await verify({ baseUrl, auth, fetch, startTime: 0 });
    console.log(formatSummary(report));
    expect(report.totals.failed).toBe(0);
    expect(report.ticketSource).toBe("found in the export");
  });

  it("finds its ticket without flags: the last 30 days are empty (the seed is from 2018), the export's start is not", async () => {
    const { fetch, baseUrl } = sandboxTarget();
    const report = await verify({ baseUrl, auth, fetch });
    expect(report).toMatchObject({ ticket: 42, ticketSource: "found in the export, from its start", exitCode: 0 });
    expect(report.totals.failed).toBe(0);
    expect(formatSummary(report)).toContain("ticket 42 (found in the export, from its start)");
    expect(report.checks.map((c) => c.step)).toContain(
      "exportSideConversationEvents (from the start, to find a ticket)",
    );
  });
});
