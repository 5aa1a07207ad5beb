import { styleText } from "node:util";
import { io } from "./io.js";

type Style = Parameters<typeof styleText>[0];

/** Where and how a command writes: colour only on a terminal and never with NO_COLOR set. */
export interface Output {
  json: boolean;
  /** stdout is a terminal. */
  tty: boolean;
  color: boolean;
  out: (text: string) => Promise<void>;
  err: (text: string) => void;
  paint: (style: Style, text: string) => string;
}

export function createOutput(json: boolean, env: NodeJS.ProcessEnv = io().env): Output {
  const { stdout, stderr } = io();
  const tty = stdout.isTTY === true;
  const color = tty && !env.NO_COLOR && env.TERM !== "dumb";
  return {
    json,
    tty,
    color,
    // Respects backpressure, so a long NDJSON stream into a slow pipe holds flat memory.
    out: (text) =>
      new Promise((resolve, reject) => {
        stdout.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    err: (text) => void stderr.write(text),
    paint: (style, text) => (color ? styleText(style, text, { validateStream: false }) : text),
  };
}

/** Aligned columns; the last column is not padded. */
export function table(headers: string[], rows: string[][], paint: Output["paint"]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[paint("bold", line(headers)), ...rows.map(line)].join("\n")}\n`;
}

export const ndjson = (record: unknown) => `${JSON.stringify(record)}\n`;

/** One line of a table cell: no newlines, at most `max` characters. */
export function cell(value: unknown, max = 60): string {
  if (value === null || value === undefined) return "";
  const text = String(value).replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "1 event", "2 events", "1,204 events". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
