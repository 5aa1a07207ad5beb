import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { type ExportCheckpoint, ExportStalledError, type SkippedSecond } from "@sideconvo/client";
import { parseSince } from "../args.js";
import type { Context } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { io } from "../io.js";
import { count, ndjson } from "../output.js";

/**
 * What --checkpoint FILE holds: the client's export checkpoint (the time to ask from, and the ids
 * already delivered at that time), and with --out, how many bytes of the output file it covers.
 * The checkpoint is saved after the events it counts are written; on resume the output file is
 * cut back to `outBytes`, so a run killed at any point (even SIGKILL) resumes with no event lost
 * and none repeated. Written to stdout, a SIGKILL can repeat the events after the last save.
 */
interface SavedCheckpoint {
  version: 1;
  checkpoint: ExportCheckpoint;
  outBytes?: number;
  events: number;
}

const SAVE_EVERY_EVENTS = 1000;
const SAVE_EVERY_MS = 2000;

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
  if (saved?.version !== 1 || !Number.isSafeInteger(cp?.startTime) || !Array.isArray(cp?.seen))
    throw new CliError(
      `the checkpoint "${file}" is not a sideconvo export checkpoint; delete it to start over`,
      EXIT.validation,
    );
  return saved;
}

function saveCheckpoint(file: string, saved: SavedCheckpoint) {
  // Whole or not at all: a kill during the save leaves the previous checkpoint.
  writeFileSync(`${file}.tmp`, JSON.stringify(saved));
  renameSync(`${file}.tmp`, file);
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

  let fd: number | undefined;
  let outBytes = 0;
  if (flags.out) {
    try {
      fd = openSync(flags.out, saved ? "r+" : "w");
    } catch (error) {
      throw new CliError(`cannot open "${flags.out}" for writing: ${(error as Error).message}`, EXIT.validation);
    }
    if (saved) {
      const size = fstatSync(fd).size;
      outBytes = saved.outBytes ?? 0;
      if (size < outBytes)
        throw new CliError(
          `"${flags.out}" is shorter (${size} bytes) than its checkpoint says (${outBytes}); it was changed since`,
          EXIT.validation,
        );
      ftruncateSync(fd, outBytes); // drop what was written after the last checkpoint: it comes again
    }
  }

  const controller = new AbortController();
  const interrupt = () => controller.abort(new CliError("interrupted", EXIT.interrupted));
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);

  const onStall = flags.skipStalled ? "skip" : "throw";
  // A skipped second is said at once, not only in the summary: its other events are not exported.
  const onSkip = (skipped: SkippedSecond) =>
    ctx.output.err(`Skipped the rest of a busy second: ${described(skipped)}; recorded in the checkpoint.\n`);
  const exported = ctx.zd.iterate.exportEvents(
    saved
      ? { checkpoint: saved.checkpoint, signal: controller.signal, onStall, onSkip }
      : { startTime: parseSince(flags.since as string), signal: controller.signal, onStall, onSkip },
  );
  const before = saved?.events ?? 0;
  const skippedBefore = saved?.checkpoint.skipped?.length ?? 0;
  let events = before;
  let sinceSave = 0;
  let savedAt = Date.now();
  const save = () => {
    if (!flags.checkpoint) return;
    saveCheckpoint(flags.checkpoint, {
      version: 1,
      checkpoint: exported.checkpoint,
      ...(fd === undefined ? {} : { outBytes }),
      events,
    });
    sinceSave = 0;
    savedAt = Date.now();
  };

  const progress = await startProgress(ctx);
  const status = () =>
    `pages ${ctx.stats.pages} · events ${events.toLocaleString("en-US")} · rate-limit waits ${ctx.stats.waits}`;
  try {
    for await (const event of exported) {
      const line = ndjson(event);
      if (fd === undefined) await ctx.output.out(line);
      else outBytes += writeSync(fd, line, outBytes); // at the end of what the checkpoint covers
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
    save(); // everything written so far is counted: a resume continues right after it
    progress?.fail(status());
    if (controller.signal.aborted) {
      ctx.output.err(
        `Interrupted after ${count(events, "event")}${flags.checkpoint ? `; resume with the same --checkpoint ${flags.checkpoint}` : ""}.\n`,
      );
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
    throw error;
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    if (fd !== undefined) closeSync(fd);
  }
}

/** A spinner with counts on stderr, only when stderr is a terminal. */
async function startProgress(ctx: Context) {
  const { stderr } = io();
  if (!stderr.isTTY) return undefined;
  const { default: ora } = await import("ora");
  const spinner = ora({
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
