// The data file: an append-only journal, so that a write costs the same at 50,000 records as at
// none. Line 1 is the state at the last start (`{"sideconvoSandbox":2,"data":…}`); each later line
// is one change, appended (synchronously) before its request is answered, so every answered write
// survives `kill -9`. At start the journal is replayed and compacted into a new line 1. A file of
// the earlier format (one JSON document with `"sideconvoSandbox": 1`) still loads.
import {
  appendFileSync,
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { type Change, checkChange, checkData, type SandboxData, SandboxDataError, State } from "../engine/state.js";

export interface Loaded {
  data: SandboxData;
  /** A last line cut short (the process was killed while writing it): left out, and said here. */
  tornLine: boolean;
  /** With `recover`: the lines that did not load, moved to this file (undefined when none). */
  setAside?: { file: string; lines: number[] };
}

export interface ReadOptions {
  /**
   * Keep every change that loads and move the others (whole lines, with their line numbers) to
   * `<file>.rejected`, instead of refusing to start. Nothing is ever deleted.
   */
  recover?: boolean;
}

/** Reads a data file: the journal (replayed), or a file of the earlier one-document format. */
export function readDataFile(file: string, { recover = false }: ReadOptions = {}): Loaded {
  const text = readFileSync(file, "utf8");
  const firstLine = text.slice(0, text.indexOf("\n") + 1 || text.length);
  let head: { sideconvoSandbox?: unknown; data?: unknown } | undefined;
  try {
    head = JSON.parse(firstLine) as typeof head;
  } catch {
    // Not a journal's first line: maybe the earlier format, a pretty-printed document.
  }
  if (head?.sideconvoSandbox === 2) {
    const state = new State(checkData(head.data, `${file}: line 1`));
    const lines = text.slice(firstLine.length).split("\n");
    let tornLine = false;
    const rejected: { line: number; text: string; problem: string }[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${file}: line ${i + 2}`;
      try {
        let change: Change;
        try {
          change = JSON.parse(line) as Change;
        } catch {
          // Only the very last line may be torn; anywhere else the file was changed by something else.
          if (lines.slice(i + 1).every((rest) => !rest.trim())) {
            tornLine = true;
            return;
          }
          throw new SandboxDataError(`${where} is not JSON`);
        }
        checkChange(change, state, where);
        state.apply(change);
      } catch (error) {
        if (!recover)
          throw new SandboxDataError(
            `${(error as Error).message}; refusing to overwrite it (start with --recover to keep what loads and move the rest to ${file}.rejected)`,
          );
        rejected.push({ line: i + 2, text: line, problem: (error as Error).message });
      }
    });
    if (!rejected.length) return { data: state.toData(), tornLine };
    const aside = `${file}.rejected`;
    appendFileSync(
      aside,
      rejected.map(({ line, text: kept, problem }) => `${JSON.stringify({ line, problem, text: kept })}\n`).join(""),
    );
    return { data: state.toData(), tornLine, setAside: { file: aside, lines: rejected.map((r) => r.line) } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SandboxDataError(`${file}: not JSON (${(error as Error).message})`);
  }
  if ((parsed as { sideconvoSandbox?: unknown })?.sideconvoSandbox !== 1)
    throw new SandboxDataError(
      `${file}: not a sandbox data file (no "sideconvoSandbox": 1 or 2); refusing to overwrite it`,
    );
  const { sideconvoSandbox: _, ...data } = parsed as Record<string, unknown>;
  return { data: checkData(data, file), tornLine: false };
}

export class Journal {
  readonly #file: string;
  #fd: number;

  /** Starts a journal at `data` (a compaction: written whole through a temporary file, then renamed). */
  constructor(file: string, data: SandboxData) {
    this.#file = file;
    this.#fd = this.#compact(data);
  }

  #compact(data: SandboxData): number {
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify({ sideconvoSandbox: 2, data })}\n`);
    renameSync(temporary, this.#file);
    return openSync(this.#file, "a");
  }

  /** Appends one change; returns once the operating system has it (a killed process loses nothing). */
  append(change: Change): void {
    appendFileSync(this.#fd, `${JSON.stringify(change)}\n`);
  }

  /** Starts over from `data` (after a reset). */
  restart(data: SandboxData): void {
    closeSync(this.#fd);
    this.#fd = this.#compact(data);
  }

  close(): void {
    closeSync(this.#fd);
  }
}

/** The data file's state, or undefined when there is none yet. */
export function loadDataFile(file: string | undefined, options: ReadOptions = {}): Loaded | undefined {
  return file && existsSync(file) ? readDataFile(file, options) : undefined;
}

/**
 * One process per data file: `<file>.lock` holds the pid of the sandbox that uses it. A lock whose
 * process is gone (killed) is taken over; a live one is refused, naming the pid. Returns the release.
 */
export function lockDataFile(file: string): () => void {
  const lock = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(lock, "utf8"));
    if (Number.isSafeInteger(holder) && holder > 0 && alive(holder))
      throw new SandboxDataError(
        `${file} is in use by another sandbox (pid ${holder}${holder === process.pid ? ", this process" : ""}, lock ${lock}): stop it, or give another data file`,
      );
    rmSync(lock, { force: true }); // its process is gone: a stale lock
  }
  throw new SandboxDataError(`${file}: could not take its lock ${lock}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
