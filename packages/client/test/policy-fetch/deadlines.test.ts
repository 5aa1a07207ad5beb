import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDeadlines } from "../../src/deadlines.js";

// The attempts' deadlines: one timer for all of a client's attempts. Time is faked (timers and
// performance.now together), never waited for.
describe("the attempts' deadlines", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires each attempt not finished within the timeout, at its own deadline, once", () => {
    const deadlines = createDeadlines(1000);
    const expired: string[] = [];
    const a = deadlines.start(() => expired.push("a"));
    vi.advanceTimersByTime(300);
    deadlines.start(() => expired.push("b"));
    vi.advanceTimersByTime(300);
    const c = deadlines.start(() => expired.push("c"));
    deadlines.finish(c);
    vi.advanceTimersByTime(399);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["a"]);
    deadlines.finish(a); // finishing an expired one changes nothing
    vi.advanceTimersByTime(299);
    expect(expired).toEqual(["a"]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(["a", "b"]);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual(["a", "b"]); // c finished in time: never expired
  });

  it("never expires what finished, however many came and went before a slow one", () => {
    const deadlines = createDeadlines(1000);
    const expired: number[] = [];
    const slow = deadlines.start(() => expired.push(-1));
    for (let i = 0; i < 5000; i++) deadlines.finish(deadlines.start(() => expired.push(i)));
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual([-1]);
    deadlines.finish(slow);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps no timer while idle where timers cannot be unref'd (browsers, Deno), and starts again after", () => {
    // setTimeout answering a number, as a browser's and Deno's do.
    const fake = globalThis.setTimeout;
    vi.stubGlobal("setTimeout", (run: () => void, ms: number) => Number(fake(run, ms)));
    const deadlines = createDeadlines(1000);
    const expired: string[] = [];
    deadlines.finish(deadlines.start(() => expired.push("a")));
    expect(vi.getTimerCount()).toBe(0);
    deadlines.start(() => expired.push("b"));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual(["b"]);
    vi.unstubAllGlobals();
  });
});

describe("the deadlines' one timer", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  /** setTimeout as the runtime has it, recording each timer made. */
  const recordTimers = (asNumbers: boolean) => {
    const fake = globalThis.setTimeout;
    const made: Array<ReturnType<typeof setTimeout>> = [];
    vi.stubGlobal("setTimeout", (run: () => void, ms: number) => {
      const timer = fake(run, ms);
      made.push(timer);
      return asNumbers ? Number(timer) : timer;
    });
    return made;
  };

  it("where timers can be unref'd (Node): one timer, unref'd while idle and ref'd again when needed", () => {
    const made = recordTimers(false);
    const deadlines = createDeadlines(1000);
    const expired: string[] = [];
    const a = deadlines.start(() => expired.push("a"));
    expect(made).toHaveLength(1);
    expect(made[0]?.hasRef()).toBe(true);
    deadlines.finish(a);
    expect([made[0]?.hasRef(), vi.getTimerCount()]).toEqual([false, 1]); // kept, not cleared
    vi.advanceTimersByTime(500);
    deadlines.start(() => expired.push("b"));
    expect([made.length, made[0]?.hasRef()]).toEqual([1, true]); // the same timer, needed again
    vi.advanceTimersByTime(500); // a's deadline: nothing to expire, the timer moves to b's
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(500);
    expect(expired).toEqual(["b"]);
  });

  it("keeps the timer while any attempt is pending, and counts each attempt once", () => {
    recordTimers(true);
    const deadlines = createDeadlines(1000);
    const expired: string[] = [];
    const a = deadlines.start(() => expired.push("a"));
    deadlines.start(() => expired.push("b"));
    deadlines.finish(a);
    deadlines.finish(a); // twice: still one attempt finished, b still pending
    vi.advanceTimersByTime(1000);
    expect(expired).toEqual(["b"]);
    // b expired: none is pending, so no timer is left.
    expect(vi.getTimerCount()).toBe(0);
    const c = deadlines.start(() => expired.push("c"));
    deadlines.finish(c);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("an idle client in Node", () => {
  it("does not keep the process alive once its requests are done (the timeout timer is unref'd)", () => {
    // A client with the default 30 s timeout makes one request and is done: the process must end
    // at once, not when the timeout would have fired.
    const client = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
    const script = `
      import { createClient } from ${JSON.stringify(client)};
      const zd = createClient({
        baseUrl: "https://acme.zendesk.com",
        auth: { email: "a@example.com", apiToken: "t" },
        fetch: async () => new Response(JSON.stringify({ side_conversation: { id: "x" } }), { headers: { "content-type": "application/json" } }),
      });
      await zd.sideConversations.show(42, "x");
      console.log("done");
    `;
    const started = Date.now();
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.stdout.trim(), run.stderr).toBe("done");
    expect(run.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
