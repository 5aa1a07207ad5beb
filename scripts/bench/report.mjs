// Shared by every benchmark: statistics, and writing one section of BENCHMARKS.md (between
// `<!-- bench:NAME -->` markers) so that each benchmark rewrites only its own figures.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";

export const benchmarksFile = new URL("../../BENCHMARKS.md", import.meta.url);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}, ${process.platform}-${process.arch}`;

export const fmt = (value, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Replaces (or appends) the section NAME of BENCHMARKS.md with `markdown`. */
export function writeSection(name, markdown) {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const text = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, "utf8") : "# Benchmarks\n";
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const at = text.indexOf(start);
  const next =
    at >= 0
      ? text.slice(0, at) + block + text.slice(text.indexOf(end, at) + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(benchmarksFile, next);
}
