// The CLI's token store: `tokens.json` in the user's config directory (SIDECONVO_CONFIG_DIR, else
// $XDG_CONFIG_HOME/sideconvo, else ~/.config/sideconvo), one entry per API origin. Mode 0600,
// written through a temporary file and renamed (a crash leaves the old file or the new, whole),
// and changed only under `tokens.json.lock`, so that two `sideconvo` processes refreshing at the
// same moment never lose the rotated refresh token: the second re-reads the store under the lock
// and finds the pair the first one saved.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { OAuthTokens } from "@sideconvo/client";
import { CliError, EXIT } from "../exit-codes.js";

export interface StoredLogin extends OAuthTokens {
  clientId: string;
  /** Set when the login was a confidential client's (kept here, mode 0600, as the refresh token is). */
  clientSecret?: string | undefined;
  /** When the person signed in (ISO 8601). */
  signedInAt: string;
}

interface StoreFile {
  sideconvoTokens: 1;
  logins: Record<string, StoredLogin>;
}

export function configDir(env: NodeJS.ProcessEnv): string {
  if (env.SIDECONVO_CONFIG_DIR) return env.SIDECONVO_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "sideconvo");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TokenStore {
  readonly file: string;
  readonly #lock: string;

  constructor(env: NodeJS.ProcessEnv) {
    const dir = configDir(env);
    this.file = join(dir, "tokens.json");
    this.#lock = `${this.file}.lock`;
  }

  /** The login for `origin`, or undefined. A store that is not ours is an error naming the file. */
  read(origin: string): StoredLogin | undefined {
    return this.#readAll().logins[origin];
  }

  #readAll(): StoreFile {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { sideconvoTokens: 1, logins: {} };
      throw new CliError(
        `Cannot read the token store ${this.file}: ${(error as NodeJS.ErrnoException).code}.`,
        EXIT.auth,
      );
    }
    try {
      const parsed = JSON.parse(text) as StoreFile;
      if (parsed?.sideconvoTokens === 1 && parsed.logins && typeof parsed.logins === "object") return parsed;
    } catch {
      // said below
    }
    throw new CliError(
      `The token store ${this.file} is not one sideconvo wrote: move it away and run sideconvo login again.`,
      EXIT.auth,
    );
  }

  /** Saves (or, with undefined, removes) the login of `origin`; call it under `withLock`. */
  write(origin: string, login: StoredLogin | undefined): void {
    const all = this.#readAll();
    if (login) all.logins[origin] = login;
    else delete all.logins[origin];
    const dir = this.file.slice(0, this.file.lastIndexOf("/"));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  /**
   * Runs `body` holding the store's lock (a file made with O_EXCL that holds the pid). A lock whose
   * process is gone is taken over; a live one is waited for, up to `waitMs`, then said.
   */
  async withLock<T>(body: () => Promise<T> | T, waitMs = 30_000): Promise<T> {
    const dir = this.file.slice(0, this.file.lastIndexOf("/"));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const until = Date.now() + waitMs;
    for (;;) {
      try {
        const fd = openSync(this.#lock, "wx", 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(this.#lock, "utf8").trim() || Number.NaN);
      } catch {
        continue; // released between the two calls: try again
      }
      if (Number.isSafeInteger(holder) && holder > 0 && !alive(holder)) {
        rmSync(this.#lock, { force: true }); // its process is gone
        continue;
      }
      if (Date.now() > until)
        throw new CliError(
          `The token store is locked by another sideconvo (pid ${holder}, ${this.#lock}) for more than ${waitMs / 1000} s: stop it, or remove the lock.`,
          EXIT.auth,
        );
      await sleep(25 + Math.random() * 25);
    }
    try {
      return await body();
    } finally {
      rmSync(this.#lock, { force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
