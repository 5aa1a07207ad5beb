import { describe, expect, it } from "vitest";
import {
  createClient,
  type ExportCheckpoint,
  ExportStalledError,
  PaginationError,
  type SkippedSecond,
  ValidationError,
} from "../../src/index.js";
import { exportedEvent as event, exportServer } from "../support/export-server.js";
import { BASE, EMAIL, FAST, fakeFetch, json, TOKEN } from "../support/fake-fetch.js";

// A busy second: more events share one second than fit on a page. The time-based export cannot
// page inside a second, so every read from it returns the same full page. The export must tell
// that apart from having caught up, and never end as if it had finished.
const auth = { email: EMAIL, apiToken: TOKEN };
const S = 1_700_000_000;
const make = (fetch: typeof globalThis.fetch) =>
  createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
const starts = (fetch: ReturnType<typeof fakeFetch>) =>
  fetch.calls.map((call) => Number(new URL(call.url).searchParams.get("start_time")));

/** 150 events in second S, then 50 more, one a second: 200 events; pages of 100. */
const burst = [
  ...Array.from({ length: 150 }, (_, i) => event(`busy-${i}`, S)),
  ...Array.from({ length: 50 }, (_, i) => event(`later-${i}`, S + 1 + i)),
];

async function drain(iterable: AsyncIterable<{ id?: unknown }>, into: string[] = []) {
  try {
    for await (const e of iterable) into.push(e.id as string);
  } catch (error) {
    return { ids: into, error };
  }
  return { ids: into, error: undefined };
}

describe("a busy second in the incremental export", () => {
  it("throws ExportStalledError instead of ending quietly after the first 100 of 200 events", async () => {
    const fetch = exportServer(burst, 100);
    const { ids, error } = await drain(make(fetch).iterate.exportEvents({ startTime: S }));
    expect(ids).toEqual(burst.slice(0, 100).map((e) => e.id));
    expect(error).toBeInstanceOf(ExportStalledError);
    expect(error).toBeInstanceOf(PaginationError);
    const stalled = error as ExportStalledError;
    expect(stalled).toMatchObject({
      kind: "stall",
      second: S,
      deliveredInSecond: 100,
      delivered: 100,
      pages: 2,
    });
    expect(stalled.message).toBe(
      "the export is stuck at second 1700000000 (2023-11-14T22:13:20Z): 100 of its events were delivered, " +
        "but more share that second than fit on one page, and the server cannot page inside a second. " +
        'Resume from the error\'s checkpoint with { onStall: "skip" } to go past it (the rest of that second is skipped and recorded)',
    );
    // Where to resume: the stuck second, with the ids of it already delivered.
    expect(stalled.checkpoint.startTime).toBe(S);
    expect(new Set(stalled.checkpoint.seen)).toEqual(new Set(ids));
    // Read at S, read at S again (nothing new), one read from S + 1 shows there is more.
    expect(starts(fetch)).toEqual([S, S, S + 1]);
  });

  it("knows a full page without the extra read when the page size is given", async () => {
    const fetch = exportServer(burst, 100);
    const { error } = await drain(make(fetch).iterate.exportEvents({ startTime: S, pageSize: 100 }));
    expect(error).toBeInstanceOf(ExportStalledError);
    expect(starts(fetch)).toEqual([S, S]);
  });

  it("with a given page size, ends without the extra read on a repeat that is not full", async () => {
    const quiet = [event("a", S), event("b", S)];
    const fetch = fakeFetch(
      json({ events: quiet, end_time: S, next_page: `${BASE}/x?start_time=${S}` }),
      json({ events: quiet, end_time: S, next_page: `${BASE}/x?start_time=${S}` }),
    );
    const { ids, error } = await drain(make(fetch).iterate.exportEvents({ startTime: S, pageSize: 100 }));
    expect(error).toBeUndefined();
    expect(ids).toEqual(["a", "b"]);
    expect(starts(fetch)).toEqual([S, S]);
  });

  it("stalls in the middle of an export too, after the seconds before it", async () => {
    const events = [...Array.from({ length: 30 }, (_, i) => event(`early-${i}`, S - 30 + i)), ...burst];
    const fetch = exportServer(events, 100);
    const { ids, error } = await drain(make(fetch).iterate.exportEvents({ startTime: S - 30 }));
    expect(error).toMatchObject({ second: S, deliveredInSecond: 100, delivered: 130 });
    expect(ids).toHaveLength(130);
    expect(new Set(ids).size).toBe(130);
  });

  it("resumes past the stuck second from the error's checkpoint with onStall: skip, recording it", async () => {
    const fetch = exportServer(burst, 100);
    const zd = make(fetch);
    const first = await drain(zd.iterate.exportEvents({ startTime: S }));
    const saved: ExportCheckpoint = JSON.parse(JSON.stringify((first.error as ExportStalledError).checkpoint));

    const skips: SkippedSecond[] = [];
    const resumed = zd.iterate.exportEvents({ checkpoint: saved, onStall: "skip", onSkip: (s) => skips.push(s) });
    const second = await drain(resumed);
    expect(second.error).toBeUndefined();
    expect(second.ids).toEqual(burst.slice(150).map((e) => e.id));
    // Nothing delivered twice across the two runs; what is missing is exactly the rest of second S.
    const all = [...first.ids, ...second.ids];
    expect(new Set(all).size).toBe(all.length);
    expect(burst.map((e) => e.id).filter((id) => !all.includes(id))).toEqual(burst.slice(100, 150).map((e) => e.id));
    expect(skips).toEqual([{ second: S, delivered: 100 }]);
    expect(resumed.checkpoint.skipped).toEqual([{ second: S, delivered: 100 }]);
  });

  it("keeps the skipped seconds in the checkpoint across later resumes", async () => {
    const zd = make(exportServer(burst, 100));
    const exporter = zd.iterate.exportEvents({ startTime: S, onStall: "skip" });
    const { ids, error } = await drain(exporter);
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(150);
    const saved = JSON.parse(JSON.stringify(exporter.checkpoint)) as ExportCheckpoint;
    expect(saved.skipped).toEqual([{ second: S, delivered: 100 }]);
    const again = zd.iterate.exportEvents({ checkpoint: saved });
    expect((await drain(again)).ids).toEqual([]);
    expect(again.checkpoint.skipped).toEqual([{ second: S, delivered: 100 }]);
  });

  it("uses the read from the next second as the next page when skipping (no request twice)", async () => {
    const fetch = exportServer(burst, 100);
    await drain(make(fetch).iterate.exportEvents({ startTime: S, onStall: "skip" }));
    expect(starts(fetch)).toEqual([S, S, S + 1]);
  });

  it("ends as caught up when the repeated page is the last of the account (nothing after it)", async () => {
    // Exactly a page of one second and nothing later: without the page size, nothing shows that
    // the second holds more, and nothing can be missing after it.
    const only = Array.from({ length: 100 }, (_, i) => event(`only-${i}`, S));
    const fetch = fakeFetch((sent) => {
      const start = Number(new URL(sent.url).searchParams.get("start_time"));
      return start > S
        ? json({ events: [], end_time: start, next_page: null })
        : json({ events: only, end_time: S, next_page: `${BASE}/x?start_time=${S}` });
    });
    const { ids, error } = await drain(make(fetch).iterate.exportEvents({ startTime: S }));
    expect(error).toBeUndefined();
    expect(ids).toHaveLength(100);
    expect(starts(fetch)).toEqual([S, S, S + 1]);
  });

  it("stalls at a full page of the last second when the page size says it is full", async () => {
    const only = Array.from({ length: 100 }, (_, i) => event(`only-${i}`, S));
    const fetch = fakeFetch(json({ events: only, end_time: S, next_page: `${BASE}/x?start_time=${S}` }));
    const { error } = await drain(make(fetch).iterate.exportEvents({ startTime: S, pageSize: 100 }));
    expect(error).toBeInstanceOf(ExportStalledError);
  });

  it.each([
    ["a page size of 0", { startTime: S, pageSize: 0 }, "pageSize"],
    ["a fractional page size", { startTime: S, pageSize: 2.5 }, "pageSize"],
    ["an unknown onStall", { startTime: S, onStall: "ignore" }, "onStall"],
    [
      "skipped seconds that are not a list",
      { checkpoint: { startTime: S, seen: [], skipped: "S" } },
      "checkpoint.skipped",
    ],
    [
      "a skipped second without its count",
      { checkpoint: { startTime: S, seen: [], skipped: [{ second: S }] } },
      "checkpoint.skipped",
    ],
  ])("refuses %s before sending, naming the option and the value", (_what, options, field) => {
    const fetch = fakeFetch(json({}));
    let thrown: unknown;
    try {
      make(fetch).iterate.exportEvents(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe(field);
    expect((thrown as ValidationError).message).toContain("(got ");
    expect(fetch.calls).toHaveLength(0);
  });
});
