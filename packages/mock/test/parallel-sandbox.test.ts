// The sandbox guide's pattern, four files on four workers against one sandbox: each worker has a
// namespace of its own (mockUrl() names it), so one file's reset never erases another's state.
import { runParallelFixture } from "@sideconvo/test-kit/parallel-suite";
import { describe, expect, it } from "vitest";

describe("@sideconvo/mock/vitest/sandbox with parallel test files", () => {
  it("passes the guide's beforeEach(resetSandbox) pattern with four files on four workers", () => {
    const report = runParallelFixture(new URL("./fixtures/parallel/", import.meta.url).pathname);
    expect(report).toMatchObject({ numPassedTests: 24, numFailedTests: 0 });
  });
});
