import { describe, expect, it } from "vitest";
import { count } from "../../src/output.js";

describe("counts in messages", () => {
  it.each([
    [0, "page", "0 pages"],
    [1, "page", "1 page"],
    [2, "page", "2 pages"],
    [1, "rate-limit wait", "1 rate-limit wait"],
    [1204, "event", "1,204 events"],
  ])("%i %s → %s", (n, word, expected) => {
    expect(count(n, word)).toBe(expected);
  });
});
