import { openAsBlob } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { CliError, EXIT } from "./exit-codes.js";

/** A ticket id argument: a positive integer, or a usage error that shows the value. */
export function ticketId(value: string): number {
  if (!/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new CliError(`the ticket id must be a positive integer (got "${value}")`, EXIT.usage);
  return Number(value);
}

export function positiveInt(name: string) {
  return (value: string): number => {
    if (!/^[1-9]\d*$/.test(value))
      throw new CliError(`${name} must be a positive integer (got "${value}")`, EXIT.usage);
    return Number(value);
  };
}

/**
 * --since: Unix seconds, an ISO 8601 date or time, or a duration back from now (30m, 12h, 7d).
 * Returns Unix seconds.
 */
export function parseSince(value: string, now = Date.now()): number {
  if (/^\d+$/.test(value)) return Number(value);
  const relative = value.match(/^(\d+)([smhd])$/);
  if (relative) {
    const seconds = Number(relative[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[relative[2] as "s" | "m" | "h" | "d"];
    return Math.floor(now / 1000) - seconds;
  }
  const parsed = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed))
    throw new CliError(
      `--since must be Unix seconds, an ISO date such as 2026-11-01T00:00:00Z, or a duration such as 24h or 7d (got "${value}")`,
      EXIT.usage,
    );
  return Math.floor(parsed / 1000);
}

const TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".log": "text/plain",
  ".csv": "text/csv",
  ".json": "application/json",
  ".zip": "application/zip",
};

/** A file to upload, streamed from disk; a missing or unreadable path is a clear error. */
export async function fileToUpload(path: string) {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read "${path}": ${error.code === "ENOENT" ? "no such file" : error.message}`,
      EXIT.validation,
    );
  });
  if (!info.isFile()) throw new CliError(`cannot upload "${path}": it is not a file`, EXIT.validation);
  const contentType = TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
  return { file: await openAsBlob(path, { type: contentType }), fileName: basename(path), contentType };
}

/** A JSON file, parsed; the error names the file and what is wrong with it. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read "${path}": ${error.code === "ENOENT" ? "no such file" : error.message}`,
      EXIT.validation,
    );
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`"${path}" is not valid JSON: ${(error as Error).message}`, EXIT.validation);
  }
}
