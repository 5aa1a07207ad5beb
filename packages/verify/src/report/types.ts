import type { OperationId } from "../spec.js";

/** What is checked of each answer: a test case of the report each. */
export type CheckName = "status" | "headers" | "body" | "paging";

/** One thing found in an answer. */
export interface Finding {
  /** Where: a JSON path into the body (`$.side_conversations[*].id`), or `header x-rate-limit`, or `status`. */
  path: string;
  /** What is wrong (or new), in one sentence without the account's values. */
  message: string;
  /** What the spec expects there: a schema, a status, a link form. */
  expected?: string;
  /** What came: a type, a length, a status; never a value unless `showValues`. */
  received?: string;
  /** The value itself, only with `showValues` (shortened). */
  value?: string;
  /** How many answers' elements had it (array items count once each). */
  count: number;
}

export interface CheckResult {
  /** `listSideConversations (per_page=1)`: the operation and what set this request apart. */
  step: string;
  operationId: OperationId;
  check: CheckName;
  outcome: "passed" | "failed" | "skipped";
  /** Failures: drift that breaks code written to the spec. */
  failures: Finding[];
  /** Drift that breaks nothing: fields the spec doesn't know, where its schemas allow them. */
  newFields: Finding[];
  /** Why it was skipped. */
  reason?: string;
  /** The request, with ids from the account replaced by the path's names unless `showValues`. */
  request: string;
  status?: number;
  durationMs: number;
}

export interface VerifyReport {
  /** The origin verified, such as https://acme.zendesk.com. */
  target: string;
  ticket?: number;
  /** How the ticket was chosen. */
  ticketSource?: "given" | "found in the export" | "found in the export, from its start";
  startedAt: string;
  durationMs: number;
  requests: number;
  /** Write requests sent (with `writes`), each as "METHOD path (what)". */
  writes: string[];
  checks: CheckResult[];
  /** Why checks were not run, if some were not (no ticket, the request budget). */
  notes: string[];
  /** 0 every answer holds, 1 drift, 2 it could not verify (`stopped` says why). */
  exitCode: 0 | 1 | 2;
  /** Set when verify stopped before it had checked everything: no verdict can be drawn from it. */
  stopped?: { reason: "usage" | "credentials" | "connection" | "not-found"; message: string };
  totals: { passed: number; failed: number; skipped: number; newFields: number };
}
