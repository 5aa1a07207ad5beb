import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startMock } from "../src/index.js";

// Importing @sideconvo/mock changes nothing in the process; while a Prism runs, its exit and signal
// handlers are there (so that no Prism outlives the process), and they go when it stops.
const listeners = () => ["exit", "SIGINT", "SIGTERM", "SIGHUP"].map((event) => process.listenerCount(event));

describe("process-wide handlers", () => {
  it("are not installed by importing the package", () => {
    const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const counted = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const count = () => ["exit", "SIGINT", "SIGTERM", "SIGHUP"].map((e) => process.listenerCount(e)).join(",");
         const before = count(); await import(${JSON.stringify(dist)}); console.log(before === count() ? "same" : before + " -> " + count());`,
      ],
      { encoding: "utf8" },
    );
    expect(counted.trim()).toBe("same");
  });

  it("are there while a Prism runs, and gone once it stops", async () => {
    const before = listeners();
    const mock = await startMock({ port: 0 });
    try {
      expect(listeners()).toEqual(before.map((n) => n + 1));
    } finally {
      await mock.stop();
    }
    expect(listeners()).toEqual(before);
  }, 60_000);
});
