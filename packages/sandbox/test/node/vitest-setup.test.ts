// "@sideconvo/sandbox/vitest": the sandbox's own global setup, with no @sideconvo/mock and no Prism.
// Four files on four workers against one sandbox, each beforeEach(resetSandbox): every worker sees
// only its own writes.
import { runParallelFixture } from "@sideconvo/test-kit/parallel-suite";
import { describe, expect, it } from "vitest";

describe("@sideconvo/sandbox/vitest", () => {
  it("serves four files on four workers, each in its own namespace", () => {
    const report = runParallelFixture(new URL("../fixtures/parallel/", import.meta.url).pathname);
    expect(report).toMatchObject({ numPassedTests: 24, numFailedTests: 0 });
  });
});
