import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { expectedIds, exportServer, ids } from "../support/export-server.js";
import { credentials, run } from "../support/run.js";

// A disk that fills up: every write through `writeSync` (the export's file and its checkpoint)
// takes from `disk.free`; the write that crosses it is short, and the next one fails with ENOSPC,
// as the kernel does. Only the CLI's own modules see this `node:fs`.
const disk = vi.hoisted(() => ({ free: Number.POSITIVE_INFINITY }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeSync = ((
    fd: number,
    buffer: NodeJS.ArrayBufferView,
    offset?: number | null,
    length?: number | null,
    position?: number | null,
  ) => {
    const start = offset ?? 0;
    const wanted = length ?? buffer.byteLength - start;
    if (wanted > 0 && disk.free <= 0)
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    const take = Math.min(wanted, disk.free);
    disk.free -= take;
    return fs.writeSync(fd, buffer, start, take, position);
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

let server: Awaited<ReturnType<typeof exportServer>>;
beforeAll(async () => {
  server = await exportServer(0);
});
afterAll(() => server.close());
beforeEach(() => {
  disk.free = Number.POSITIVE_INFINITY;
});

const env = () => ({ SIDECONVO_BASE_URL: server.url, ...credentials });

describe("export on a disk that fills up", () => {
  it("stops with exit 9 and one sentence, keeps whole lines only, and the resume makes the file whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-enospc-"));
    const out = join(dir, "events.ndjson");
    const cp = join(dir, "cp.json");
    const args = ["export", "--since", "0", "--out", out, "--checkpoint", cp];
    disk.free = 700_000;
    const full = await run(args, env());
    expect(full.code, full.stderr).toBe(9);
    expect(full.stderr).toContain(`could not write "${out}": the disk is full (ENOSPC).`);
    expect(full.stderr).toMatch(/The export stopped with [\d,]+ events written whole/);
    expect(full.stderr).toContain("Make room and run the same command again");
    // Every line that is there is whole, and they are the first events in order.
    const written = ids(out);
    expect(written.length).toBeGreaterThan(1000);
    expect(written).toEqual(expectedIds.slice(0, written.length));
    // The checkpoint covers no more than what is on disk, and ends at a line's end.
    const saved = JSON.parse(readFileSync(cp, "utf8"));
    expect(saved.outBytes).toBeLessThanOrEqual(statSync(out).size);
    expect(readFileSync(out).subarray(0, saved.outBytes).toString().split("\n").at(-1)).toBe("");

    // The README's example is this sentence, with its own file names and figures.
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const example = (readme.match(/^sideconvo: could not write .*$/m) as RegExpMatchArray)[0];
    const shape = (text: string) =>
      text
        .replaceAll(out, "events.ndjson")
        .replaceAll(cp, "export.json")
        .replace(/\d[\d,]*/g, "N");
    expect(shape(full.stderr.trim())).toBe(shape(example));

    disk.free = Number.POSITIVE_INFINITY; // room again
    const resumed = await run(args, env());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(ids(out)).toEqual(expectedIds);
  });

  it.each([150_213, 300_000, 451_777])(
    "whichever write fails first (disk full after %i bytes), the resume loses and repeats nothing",
    async (free) => {
      const dir = mkdtempSync(join(tmpdir(), "sideconvo-enospc-"));
      const out = join(dir, "events.ndjson");
      const args = ["export", "--since", "0", "--out", out, "--checkpoint", join(dir, "cp.json")];
      disk.free = free;
      const result = await run(args, env());
      expect(result.code, result.stderr).toBe(9);
      expect(result.stderr).toContain("the disk is full (ENOSPC)");
      disk.free = Number.POSITIVE_INFINITY;
      const resumed = await run(args, env());
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(ids(out)).toEqual(expectedIds);
    },
  );

  it("without --checkpoint it says nothing can resume, and the file holds whole lines", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-enospc-"));
    const out = join(dir, "events.ndjson");
    disk.free = 333_333;
    const result = await run(["export", "--since", "0", "--out", out], env());
    expect(result.code).toBe(9);
    expect(result.stderr).toContain("no checkpoint was kept: run again with --checkpoint FILE to be able to resume");
    const written = ids(out);
    expect(written).toEqual(expectedIds.slice(0, written.length));
  });

  it("refuses a checkpoint it cannot write before the first request", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-enospc-"));
    const before = server.seen.length;
    const cp = join(dir, "no-such-folder", "cp.json");
    const result = await run(["export", "--since", "0", "--out", join(dir, "e.ndjson"), "--checkpoint", cp], env());
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`cannot write the checkpoint "${cp}"`);
    expect(result.stderr).toContain("nothing was exported");
    expect(server.seen.length).toBe(before);
  });
});
