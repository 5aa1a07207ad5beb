// The data file: an append-only journal, so that a write costs the same at 50,000 records as at
// none. Line 1 holds what no change carries (`{"sideconvoSandbox":3,"tickets":…,
// "conversation_log":…}`); each later line is one change: first the records the state had at the
// last start (a compaction), then each write, appended (synchronously) before its request is
// answered, so every answered write survives `kill -9`. The file is read a line at a time, so a
// start holds the state it builds and never the file's text whole. Files of the earlier formats
// still load: 2 (line 1 is `{"sideconvoSandbox":2,"data":…}` with every record) and 1 (one JSON
// document with `"sideconvoSandbox": 1`); the first start rewrites them as format 3.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import {
  type Change,
  checkChange,
  checkData,
  journalText,
  type SandboxData,
  SandboxDataError,
  State,
} from "../engine/state.js";

export interface Loaded {
  /** The state the file holds, built as it was read (hand it to `createSandbox({ initial })`). */
  state: State;
  /** The same state as data: a deep copy, made when asked for. */
  readonly data: SandboxData;
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

const READ_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/**
 * Each line of a file, read a megabyte at a time (a line longer than that, such as the first line
 * of a format-2 file, is gathered in pieces and joined once). The last line comes without its
 * newline, and only when it has text.
 */
export function* linesOf(file: string): Generator<string> {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let pieces: Buffer[] = [];
    for (;;) {
      const read = readSync(fd, buffer, 0, READ_BYTES, null);
      if (read === 0) break;
      let from = 0;
      for (let at = buffer.indexOf(NEWLINE, 0); at !== -1 && at < read; at = buffer.indexOf(NEWLINE, from)) {
        const tail = buffer.subarray(from, at);
        yield pieces.length ? Buffer.concat([...pieces, tail]).toString("utf8") : tail.toString("utf8");
        pieces = [];
        from = at + 1;
      }
      if (from < read) pieces.push(Buffer.from(buffer.subarray(from, read)));
    }
    if (pieces.length) yield Buffer.concat(pieces).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Reads a data file: the journal (replayed a line at a time), or a file of the earliest format. */
export function readDataFile(file: string, { recover = false }: ReadOptions = {}): Loaded {
  const lines = linesOf(file);
  const firstLine = lines.next().value ?? "";
  let head: { sideconvoSandbox?: unknown; data?: unknown } | undefined;
  try {
    head = JSON.parse(firstLine) as typeof head;
  } catch {
    // Not a journal's first line: maybe the earliest format, a pretty-printed document.
  }
  if (head?.sideconvoSandbox === 3 || head?.sideconvoSandbox === 2) {
    let state: State;
    if (head.sideconvoSandbox === 2) state = new State(checkData(head.data, `${file}: line 1`));
    else {
      const { sideconvoSandbox: _, ...rest } = head as Record<string, unknown>;
      // The records follow as changes, a line each.
      state = new State(checkData({ ...rest, side_conversations: [], events: [], attachments: [] }, `${file}: line 1`));
    }
    head = undefined; // a format-2 first line can be large: let it go
    const rejected: { line: number; text: string; problem: string }[] = [];
    const refuse = (line: number, text: string, problem: string) => {
      if (!recover)
        throw new SandboxDataError(
          `${problem}; refusing to overwrite it (start with --recover to keep what loads and move the rest to ${file}.rejected)`,
        );
      rejected.push({ line, text, problem });
    };
    // A line that is not JSON is a torn last line only if no line with text follows it.
    let notJson: { line: number; text: string } | undefined;
    let number = 1;
    for (const text of lines) {
      number++;
      if (!text.trim()) continue;
      if (notJson) refuse(notJson.line, notJson.text, `${file}: line ${notJson.line} is not JSON`);
      notJson = undefined;
      let change: Change;
      try {
        change = JSON.parse(text) as Change;
      } catch {
        notJson = { line: number, text };
        continue;
      }
      try {
        checkChange(change, state, `${file}: line ${number}`);
        state.apply(change);
      } catch (error) {
        refuse(number, text, (error as Error).message);
      }
    }
    const tornLine = notJson !== undefined;
    if (!rejected.length) return loaded(state, tornLine);
    const aside = `${file}.rejected`;
    appendFileSync(
      aside,
      rejected.map(({ line, text: kept, problem }) => `${JSON.stringify({ line, problem, text: kept })}\n`).join(""),
    );
    return loaded(state, tornLine, { file: aside, lines: rejected.map((r) => r.line) });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SandboxDataError(`${file}: not JSON (${(error as Error).message})`);
  }
  if ((parsed as { sideconvoSandbox?: unknown })?.sideconvoSandbox !== 1)
    throw new SandboxDataError(
      `${file}: not a sandbox data file (no "sideconvoSandbox": 1, 2 or 3); refusing to overwrite it`,
    );
  const { sideconvoSandbox: _, ...data } = parsed as Record<string, unknown>;
  return loaded(new State(checkData(data, file)), false);
}

/** What a read gives: the state, its data as a copy made when asked for, and what was noticed. */
function loaded(state: State, tornLine: boolean, setAside?: Loaded["setAside"]): Loaded {
  return {
    state,
    get data() {
      return state.toData();
    },
    tornLine,
    ...(setAside && { setAside }),
  };
}

/** Writes all of `bytes` (a write may take fewer than it was given; the rest is written again). */
function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

export class Journal {
  readonly #file: string;
  #fd: number;

  /** Starts a journal at `state` (a compaction: written through a temporary file, then renamed). */
  constructor(file: string, state: State) {
    this.#file = file;
    this.#fd = this.#compact(state);
  }

  /**
   * Writes the state's records a chunk at a time (never the whole text at once), flushed to the
   * disk before the rename, so that a crash leaves the old file or the new one, whole.
   */
  #compact(state: State): number {
    const temporary = `${this.#file}.${process.pid}.tmp`;
    const fd = openSync(temporary, "w");
    try {
      for (const chunk of journalText(state.view())) writeAll(fd, Buffer.from(chunk));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
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
    this.#fd = this.#compact(new State(data));
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
