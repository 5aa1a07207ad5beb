// The paging contract, which a schema cannot say: links are absolute URLs on the server's own
// origin, to the same operation (the API writes its `.json` form), and following them moves on:
// offset pages to a later page with other records, the export to `start_time=end_time`, cursor
// pages to another cursor while `meta.has_more` is true.
import type { Finding } from "../report/types.js";
import { pathMatches, type SpecOperation } from "../spec.js";
import { showValue } from "./describe.js";

/** The problems of one link field, or none; `undefined` and `null` are the schema's business. */
export function linkFailures(
  field: string,
  link: unknown,
  op: SpecOperation,
  origin: string,
  showValues: boolean,
): Finding[] {
  if (typeof link !== "string") return [];
  const value = showValues ? { value: showValue(link) } : {};
  if (!URL.canParse(link))
    return [
      {
        path: field,
        message: "the link is not an absolute URL",
        expected: `an absolute URL on ${origin}`,
        received: `string (${link.length} chars)`,
        ...value,
        count: 1,
      },
    ];
  const url = new URL(link);
  const failures: Finding[] = [];
  if (url.origin !== origin)
    failures.push({
      path: field,
      message: "the link points to another origin than the server's: a client must not send credentials there",
      expected: `a URL on ${origin}`,
      received: showValues ? url.origin : "another origin",
      ...value,
      count: 1,
    });
  if (!pathMatches(op, url.pathname))
    failures.push({
      path: field,
      message: `the link is not to ${op.operationId}`,
      expected: `${op.path} or its .json form`,
      received: `a path of ${url.pathname.split("/").length - 1} segments`,
      ...value,
      count: 1,
    });
  return failures;
}

export const failure = (path: string, message: string, expected: string, received: string): Finding => ({
  path,
  message,
  expected,
  received,
  count: 1,
});

/** An offset page's `next_page` moves to a later `page` than the one it came on. */
export function offsetMoves(next: string, current: number): Finding[] {
  const page = Number(new URL(next).searchParams.get("page"));
  return Number.isInteger(page) && page > current
    ? []
    : [
        failure(
          "$.next_page",
          "the next page does not move on",
          `page=${current + 1} or later`,
          Number.isInteger(page) && page > 0 ? `page=${page}` : "no page parameter",
        ),
      ];
}

/** The export's `next_page` continues at `start_time=end_time`. */
export function exportMoves(next: string, endTime: unknown): Finding[] {
  const start = new URL(next).searchParams.get("start_time");
  return start !== null && typeof endTime === "number" && Number(start) === endTime
    ? []
    : [
        failure(
          "$.next_page",
          "the export's next page does not start at end_time",
          "start_time equal to $.end_time",
          start === null ? "no start_time" : typeof endTime === "number" ? "another start_time" : "no end_time",
        ),
      ];
}

/** Records of two pages that should differ, by id. */
export function sameRecords(first: unknown[], second: unknown[]): boolean {
  const ids = (list: unknown[]) => list.map((r) => JSON.stringify((r as { id?: unknown } | null)?.id ?? r)).join("|");
  return first.length > 0 && ids(first) === ids(second);
}
