import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeSync,
} from "node:fs";
import { type ExportCheckpoint, ExportStalledError, type SkippedSecond } from "@sideconvo/client";
import { parseSince } from "../args.js";
import type { Context } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { closedPipe, io } from "../io.js";
import { count, ndjson } from "../output.js";

/**
 * What --checkpoint FILE holds: the client's export checkpoint (the time to ask from, and the ids
 * already delivered at that time), and with --out, how many bytes of the output file it covers.
 * The checkpoint is saved only after the events it counts are written whole and flushed to disk;
 * on resume the output file is cut back to `outBytes`, so a run stopped at any point (SIGKILL, a
 * full disk, a file-size limit) resumes with no event lost and none repeated. Written to stdout, a
 * SIGKILL or a failed write can repeat the events after the last save.
 */
interface SavedCheckpoint {
  version: 1;
  checkpoint: ExportCheckpoint;
  outBytes?: number;
  events: number;
}

const SAVE_EVERY_EVENTS = 1000;
const SAVE_EVERY_MS = 2000;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function loadCheckpoint(file: string): SavedCheckpoint | undefined {
  if (!existsSync(file)) return undefined;
  let saved: SavedCheckpoint;
  try {
    saved = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError(
      `the checkpoint "${file}" is not valid JSON (${(error as Error).message}); delete it to start over`,
      EXIT.validation,
    );
  }
  const cp = saved?.checkpoint;
  if (
    saved?.version !== 1 ||
    !Number.isSafeInteger(cp?.startTime) ||
    !Array.isArray(cp?.seen) ||
    !isCount(saved.events) ||
    (saved.outBytes !== undefined && !isCount(saved.outBytes))
  )
    throw new CliError(
      `the checkpoint "${file}" is not a sideconvo export checkpoint; delete it to start over`,
      EXIT.validation,
    );
  return saved;
}

function saveCheckpoint(file: string, saved: SavedCheckpoint) {
  // Whole or not at all, and on the disk before it replaces the last one: a kill or a power cut
  // during the save leaves the previous checkpoint.
  const fd = openSync(`${file}.tmp`, "w");
  try {
    writeAll(fd, Buffer.from(JSON.stringify(saved)), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.tmp`, file);
}

/** Writes every byte or throws: a short write (a size limit, a full disk) is never counted as written. */
function writeAll(fd: number, bytes: Buffer, position: number) {
  for (let done = 0; done < bytes.length; ) {
    const wrote = writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (wrote <= 0) throw Object.assign(new Error("the write made no progress"), { code: "EIO" });
    done += wrote;
  }
}

/**
 * The errors of a disk that takes no more, each in words where the system's own are unclear: they
 * exit 9 (EXIT.cannotWrite). EIO keeps the system's message (or writeAll's).
 */
const NO_ROOM = new Map<unknown, string | undefined>([
  ["ENOSPC", "the disk is full (ENOSPC)"],
  ["EFBIG", "the file reached the size limit (EFBIG)"],
  ["EDQUOT", "the disk quota is used up (EDQUOT)"],
  ["EIO", undefined],
]);

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Why a file could not be written, in words. */
function writeProblem(error: unknown): string {
  return NO_ROOM.get(codeOf(error)) ?? (error as Error | undefined)?.message ?? String(error);
}

/** A write of the export's own files failed: marks it so the checkpoint is not moved past it. */
class WriteFailed extends Error {
  constructor(
    readonly file: string,
    readonly reason: unknown,
  ) {
    super(writeProblem(reason));
  }
}

export interface ExportFlags {
  since?: string;
  out?: string;
  checkpoint?: string;
  skipStalled?: boolean;
}

const utc = (second: number) => new Date(second * 1000).toISOString().replace(".000Z", "Z");
const described = ({ second, delivered }: SkippedSecond) =>
  `${utc(second)} (second ${second}, ${count(delivered, "event")} of it delivered)`;

export async function exportEvents(ctx: Context, flags: ExportFlags) {
  const saved = flags.checkpoint ? loadCheckpoint(flags.checkpoint) : undefined;
  if (!saved && flags.since === undefined)
    throw new CliError("--since is required (or --checkpoint with a saved checkpoint to resume from)", EXIT.usage);
  if (saved && flags.out && saved.outBytes === undefined)
    throw new CliError(
      `the checkpoint "${flags.checkpoint}" was saved by an export to stdout; resume it without --out`,
      EXIT.usage,
    );
  if (saved && !flags.out && saved.outBytes !== undefined)
    throw new CliError(
      `the checkpoint "${flags.checkpoint}" belongs to an export into a file; give that file with --out`,
      EXIT.usage,
    );
  const startTime = saved ? undefined : parseSince(flags.since as string);

  let fd: number | undefined;
  let outBytes = 0;
  if (flags.out) {
    try {
      fd = openSync(flags.out, saved ? "r+" : "w");
    } catch (error) {
      throw new CliError(`cannot open "${flags.out}" for writing: ${(error as Error).message}`, EXIT.validation);
    }
    if (saved) {
      outBytes = saved.outBytes ?? 0;
      try {
        checkCovered(fd, flags.out, flags.checkpoint as string, outBytes);
      } catch (error) {
        closeSync(fd);
        throw error;
      }
      ftruncateSync(fd, outBytes); // drop what was written after the last checkpoint: it comes again
    }
  }

  const controller = new AbortController();
  const interrupt = () => controller.abort(new CliError("interrupted", EXIT.interrupted));
  const onStall = flags.skipStalled ? "skip" : "throw";
  // A skipped second is said at once, not only in the summary: its other events are not exported.
  const onSkip = (skipped: SkippedSecond) =>
    ctx.output.err(`Skipped the rest of a busy second: ${described(skipped)}; recorded in the checkpoint.\n`);
  const exported = ctx.zd.iterate.exportEvents(
    saved
      ? { checkpoint: saved.checkpoint, signal: controller.signal, onStall, onSkip }
      : { startTime: startTime as number, signal: controller.signal, onStall, onSkip },
  );
  const before = saved?.events ?? 0;
  const skippedBefore = saved?.checkpoint.skipped?.length ?? 0;
  let events = before;
  let sinceSave = 0;
  let savedAt = Date.now();
  let lastSave = { events: before, outBytes };
  const save = () => {
    if (!flags.checkpoint) return;
    try {
      if (fd !== undefined) fsyncSync(fd); // what the checkpoint counts is on the disk before it is
      saveCheckpoint(flags.checkpoint, {
        version: 1,
        checkpoint: exported.checkpoint,
        ...(fd === undefined ? {} : { outBytes }),
        events,
      });
    } catch (error) {
      throw new WriteFailed(flags.checkpoint, error);
    }
    lastSave = { events, outBytes };
    sinceSave = 0;
    savedAt = Date.now();
  };

  // A checkpoint that cannot be written is refused before the first request, not after an hour.
  try {
    save();
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    const failed = error as WriteFailed;
    throw new CliError(
      `cannot write the checkpoint "${failed.file}": ${failed.message}; nothing was exported`,
      writeExitCode(failed.reason),
    );
  }

  // `on`, not `once`: ora's cursor restorer (signal-exit) re-sends a signal that has no other
  // listener left, which would kill the process before the checkpoint is saved.
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  const progress = await startProgress(ctx);
  const status = () =>
    `pages ${ctx.stats.pages} · events ${events.toLocaleString("en-US")} · rate-limit waits ${ctx.stats.waits}`;
  // False while an event is being written: a failure then must not move the checkpoint past it.
  let whole = true;
  try {
    for await (const event of exported) {
      const line = ndjson(event);
      whole = false;
      if (fd === undefined) {
        try {
          await ctx.output.out(line);
        } catch (error) {
          throw closedPipe(error) ? error : new WriteFailed("stdout", error);
        }
      } else {
        const bytes = Buffer.from(line);
        try {
          writeAll(fd, bytes, outBytes); // at the end of what the checkpoint covers
        } catch (error) {
          throw new WriteFailed(flags.out as string, error);
        }
        outBytes += bytes.length;
      }
      whole = true;
      events++;
      sinceSave++;
      if (sinceSave >= SAVE_EVERY_EVENTS || Date.now() - savedAt >= SAVE_EVERY_MS) {
        save();
        progress?.update(status());
      }
    }
    save();
    progress?.done(status());
    // A resumed run says what it added, and the total the checkpoint carries.
    const exportedNow = saved ? count(events - before, "new event") : count(events, "event");
    const total = saved ? `${events.toLocaleString("en-US")} in total; ` : "";
    const skipped = (exported.checkpoint.skipped ?? []).slice(skippedBefore);
    ctx.output.err(
      `Exported ${exportedNow} (${total}${count(ctx.stats.pages, "page")}, ${count(ctx.stats.waits, "rate-limit wait")})${flags.checkpoint ? `; checkpoint in ${flags.checkpoint}` : ""}.\n` +
        (skipped.length
          ? `Not exported: the rest of ${count(skipped.length, "busy second")} skipped with --skip-stalled: ${skipped.map(described).join("; ")}.\n`
          : ""),
    );
  } catch (error) {
    // Everything written whole so far is counted, and a resume continues right after it. After a
    // failed write (or a failed save) the last saved checkpoint stays: it covers less, never more.
    let saveFailed: unknown;
    if (whole && !(error instanceof WriteFailed)) {
      try {
        save();
      } catch (failed) {
        saveFailed = failed;
      }
    }
    // The file keeps whole lines only: a half-written event is cut off (the disk has room for less).
    if (fd !== undefined && error instanceof WriteFailed) {
      try {
        ftruncateSync(fd, outBytes);
      } catch {
        // a resume cuts it back to the checkpoint anyway
      }
    }
    progress?.fail(status());
    if (error instanceof WriteFailed) throw writeFailure(error, flags, events, lastSave);
    if (controller.signal.aborted) {
      ctx.output.err(
        `Interrupted after ${count(events, "event")}${flags.checkpoint ? `; resume with the same --checkpoint ${flags.checkpoint}` : ""}.\n`,
      );
      if (saveFailed) throw writeFailure(saveFailed as WriteFailed, flags, events, lastSave);
      throw controller.signal.reason;
    }
    if (error instanceof ExportStalledError) {
      const how = flags.checkpoint
        ? `Resume with the same --checkpoint ${flags.checkpoint} and --skip-stalled to go past it (the rest of that second is then skipped and recorded).`
        : "Run again with --checkpoint FILE to resume from here, and --skip-stalled to go past it (the rest of that second is then skipped and recorded).";
      throw new CliError(
        `The export is stuck at ${utc(error.second)} (second ${error.second}): ${count(error.deliveredInSecond, "event")} of that second delivered, but more share it than the API puts on one page. ${how}`,
        EXIT.stalled,
      );
    }
    if (saveFailed)
      ctx.output.err(`sideconvo: ${writeFailure(saveFailed as WriteFailed, flags, events, lastSave).message}\n`);
    throw error;
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    if (fd !== undefined) closeSync(fd);
  }
}

/** The checkpoint's byte count must be a line's end inside the file: anything else means the file changed. */
function checkCovered(fd: number, out: string, checkpoint: string, outBytes: number) {
  const size = fstatSync(fd).size;
  if (size < outBytes)
    throw new CliError(
      `"${out}" is shorter (${size} bytes) than its checkpoint says (${outBytes}); it was changed since. Delete both "${out}" and "${checkpoint}" to start over`,
      EXIT.validation,
    );
  if (outBytes === 0) return;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, outBytes - 1);
  if (last[0] !== 0x0a)
    throw new CliError(
      `the checkpoint "${checkpoint}" covers ${outBytes} bytes of "${out}", but no line ends there; the file was changed since. Delete both to start over`,
      EXIT.validation,
    );
}

const writeExitCode = (cause: unknown) => (NO_ROOM.has(codeOf(cause)) ? EXIT.cannotWrite : EXIT.validation);

/** One sentence: what could not be written, what is safe, and how to go on. */
function writeFailure(
  failed: WriteFailed,
  flags: ExportFlags,
  events: number,
  lastSave: { events: number; outBytes: number },
): CliError {
  const where = flags.out ? `"${flags.out}"` : "the output";
  const kept = `${count(events, "event")} written whole to ${where}`;
  const resume = flags.checkpoint
    ? `the checkpoint "${flags.checkpoint}" covers the first ${lastSave.events.toLocaleString("en-US")}${flags.out ? ` (${lastSave.outBytes.toLocaleString("en-US")} bytes)` : ""}. Make room and run the same command again: ${flags.out ? "the file is cut back to that point and the export goes on from there, losing and repeating nothing" : "the export goes on from there (events after it may come twice on stdout)"}`
    : "no checkpoint was kept: run again with --checkpoint FILE to be able to resume";
  return new CliError(
    `could not write "${failed.file}": ${failed.message}. The export stopped with ${kept}; ${resume}.`,
    writeExitCode(failed.reason),
  );
}

/** A spinner with counts on stderr, only when stderr is a terminal. */
async function startProgress(ctx: Context) {
  const { stderr } = io();
  // A terminal of no width (a pseudo-terminal nobody sized) would make ora redraw forever.
  const columns = (stderr as { columns?: number }).columns ?? 0;
  if (!stderr.isTTY || columns <= 0) return undefined;
  const { default: ora } = await import("ora");
  const spinner = ora({
    // Ora's default (discardStdin: true) puts the terminal in raw mode: Ctrl-C would then send no
    // SIGINT and a person could not stop an hours-long export.
    discardStdin: false,
    text: "exporting…",
    stream: stderr as NodeJS.WritableStream,
    color: ctx.output.color ? "cyan" : (false as never),
  }).start();
  return {
    update: (text: string) => {
      spinner.text = text;
    },
    done: (text: string) => spinner.succeed(text),
    fail: (text: string) => spinner.fail(text),
  };
}
