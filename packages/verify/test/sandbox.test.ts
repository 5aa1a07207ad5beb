import { describe, expect, it } from "vitest";
import { formatSummary, verify } from "../src/index.js";
import { auth, sandboxTarget } from "./support/targets.js";

describe("verify against the sandbox", () => {
  it("finds a ticket in the export and passes clean", async () => {
    const { fetch, baseUrl } = sandboxTarget();
    const report = await verify({ baseUrl, auth, fetch, startTime: 0 });
    console.log(formatSummary(report));
    expect(report.totals.failed).toBe(0);
  });
});
