import { describe, expect, it } from "vitest";
import { createClient, type ExportCheckpoint, ValidationError } from "../../src/index.js";
import { exportedEvent as event, exportServer } from "../support/export-server.js";
import { BASE, EMAIL, FAST, fakeFetch, json, TOKEN } from "../support/fake-fetch.js";

const auth = { email: EMAIL, apiToken: TOKEN };
// 23 events over 10 seconds, several per second, so that page boundaries fall inside seconds.
const all = Array.from({ length: 23 }, (_, i) =>
  event(`ev-${String(i).padStart(2, "0")}`, 1_700_000_000 + Math.floor(i / 2.5)),
);

describe("incremental export", () => {
  it("delivers every event exactly once across pages that repeat the boundary second", async () => {
    const fetch = exportServer(all, 5);
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
    const ids: string[] = [];
    for await (const e of zd.iterate.exportEvents({ startTime: 1_700_000_000 })) ids.push(e.id as string);
    expect(ids).toEqual(all.map((e) => e.id));
    expect(fetch.calls.length).toBeGreaterThan(4);
    expect(new URL(fetch.calls[0]?.url ?? "").searchParams.get("start_time")).toBe("1700000000");
  });

  it("resumes from a checkpoint after a crash with nothing lost or repeated", async () => {
    const fetch = exportServer(all, 4);
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
    // Crash after every k-th event, each time restarting from the checkpoint saved after the last
    // event handled. Together the runs must deliver every event exactly once, in order.
    for (const crashEvery of [1, 3, 7]) {
      const delivered: string[] = [];
      let saved: ExportCheckpoint | undefined;
      for (let run = 0; run < 100 && delivered.length < all.length; run++) {
        const exporter = zd.iterate.exportEvents(
          saved ? { checkpoint: saved } : { startTime: new Date(1_700_000_000_000) },
        );
        let handled = 0;
        let finished = true;
        for await (const e of exporter) {
          delivered.push(e.id as string);
          saved = JSON.parse(JSON.stringify(exporter.checkpoint)); // as a caller would persist it
          if (++handled === crashEvery) {
            finished = false;
            break;
          }
        }
        if (finished) break;
      }
      expect(delivered, `crashing every ${crashEvery} events`).toEqual(all.map((e) => e.id));
    }
  });

  it("keeps at most one page of ids in the checkpoint, so memory stays flat", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => event(`m${i}`, 1_700_000_000 + Math.floor(i / 10)));
    const zd = createClient({ baseUrl: BASE, auth, fetch: exportServer(many, 100), rateLimit: false, ...FAST });
    const exporter = zd.iterate.exportEvents({ startTime: 1_700_000_000 });
    let largest = 0;
    let count = 0;
    for await (const _ of exporter) {
      count++;
      largest = Math.max(largest, exporter.checkpoint.seen.length);
    }
    expect(count).toBe(1000);
    expect(largest).toBeLessThanOrEqual(200); // the last page and the one being read, not the whole export
    expect(exporter.checkpoint.startTime).toBe(1_700_000_099);
  });

  it("delivers once an event a server repeats from before the boundary second", async () => {
    // Page 2 starts at end_time 12 but repeats events of seconds 10 and 11 from page 1.
    const fetch = fakeFetch(
      json({
        events: [event("a", 10), event("b", 11), event("c", 12)],
        end_time: 12,
        next_page: `${BASE}/x?start_time=12`,
      }),
      json({ events: [event("a", 10), event("b", 11), event("c", 12), event("d", 13)], end_time: 13, next_page: null }),
    );
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
    const ids: string[] = [];
    for await (const e of zd.iterate.exportEvents({ startTime: 10 })) ids.push(e.id as string);
    expect(ids).toEqual(["a", "b", "c", "d"]);
  });

  it("ends when a page brings nothing new, end_time does not move and nothing comes after it", async () => {
    const stuck = json({
      events: [event("a", 5)],
      end_time: 5,
      next_page: `${BASE}/api/v2/tickets/side_conversations/events?start_time=5`,
    });
    const fetch = fakeFetch(stuck);
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false, ...FAST });
    const ids: string[] = [];
    for await (const e of zd.iterate.exportEvents({ startTime: 5 })) ids.push(e.id as string);
    expect(ids).toEqual(["a"]);
    // The repeat at second 5 might be a full page of that second: one read from second 6 tells.
    expect(fetch.calls.map((call) => new URL(call.url).searchParams.get("start_time"))).toEqual(["5", "5", "6"]);
  });

  it.each([
    ["a negative start", { startTime: -1 }, "startTime"],
    ["a fractional start", { startTime: 1.5 }, "startTime"],
    ["an invalid Date", { startTime: new Date("nope") }, "startTime"],
    ["no start at all", {}, "startTime"],
    ["a checkpoint without a start", { checkpoint: { seen: [] } }, "checkpoint.startTime"],
    ["a checkpoint with bad ids", { checkpoint: { startTime: 5, seen: [1, 2] } }, "checkpoint.seen"],
  ])("refuses %s before sending anything", (_what, options, field) => {
    const fetch = fakeFetch(json({}));
    const zd = createClient({ baseUrl: BASE, auth, fetch, rateLimit: false });
    expect(() => zd.iterate.exportEvents(options as never)).toThrow(ValidationError);
    try {
      zd.iterate.exportEvents(options as never);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
    expect(fetch.calls).toHaveLength(0);
  });
});
