// `verify`: the spec's read operations sent to a server (an account, a team's own fake, a proxy),
// following the ids each answer gives, and every answer checked against the spec. Requests go
// through the client's own fetch (@sideconvo/client's createSideconvoFetch): its credentials, its
// rate-limit budgets, its retries, its redaction. Nothing here re-implements them.
import {
  AuthError,
  type ClientOptions,
  createSideconvoFetch,
  NetworkError,
  RateLimitError,
  SecurityError,
  TimeoutError,
  ValidationError,
} from "@sideconvo/client";
import { bodyFailures, newFields } from "./checks/body.js";
import { headerFailures } from "./checks/headers.js";
import { exportMoves, failure, linkFailures, offsetMoves, sameRecords } from "./checks/paging.js";
import type { CheckName, CheckResult, Finding, VerifyReport } from "./report/types.js";
import { documented, type OperationId, operation, type SpecOperation } from "./spec.js";

export interface VerifyOptions {
  /** `acme` for https://acme.zendesk.com. Give this or `baseUrl`. */
  subdomain?: string | undefined;
  /** Any server instead: a team's own fake, the sandbox, a staging proxy (https, or http on loopback). */
  baseUrl?: string | undefined;
  /** As the client takes it: `{ email, apiToken }`, `{ email, password }` or `{ oauthToken }`. */
  auth: ClientOptions["auth"];
  /** The ticket to read from; without it, the first ticket of the export's events. */
  ticket?: number | undefined;
  /** Where the export's page starts (Unix seconds); default 30 days before now. */
  startTime?: number | undefined;
  /** Also send the write operations on `ticket` (create, reply, close, reopen, import, upload); the new side conversation is sent to `to`. */
  writes?: { to: string } | undefined;
  /** The most requests to send (default 50): checks past it are skipped, and say so. */
  maxRequests?: number | undefined;
  /** Put the account's values into findings (default: only paths, types and lengths). */
  showValues?: boolean | undefined;
  /** A fetch to send with (tests, proxies); the client's policy wraps it. */
  fetch?: ClientOptions["fetch"];
  /** The client's retry and rate-limit settings (its defaults keep inside the account's limits). */
  retry?: ClientOptions["retry"];
  rateLimit?: ClientOptions["rateLimit"];
  /** The clock the client waits by (retries, Retry-After, budgets), for tests. */
  clock?: ClientOptions["clock"];
  /** Told before each request, and once with the list of writes before the first is sent. */
  onEvent?: ((event: VerifyEvent) => void) | undefined;
  /** The clock (milliseconds since the epoch), for tests. */
  now?: (() => number) | undefined;
}

export type VerifyEvent =
  | { type: "request"; step: string; request: string }
  | { type: "writes"; ticket: number; writes: string[] };

/** Verify could not do its job: bad options, refused credentials, a server it cannot reach, no ticket. Exit 2. */
export class VerifyError extends Error {
  override readonly name = "VerifyError";
  constructor(
    message: string,
    readonly reason: "usage" | "credentials" | "connection" | "not-found",
    /** What was checked before it stopped, when anything was: it says it stopped, and why (exit code 2). */
    readonly report?: VerifyReport,
  ) {
    super(message);
    if (report) {
      report.exitCode = 2;
      report.stopped = { reason, message };
    }
  }
}

/**
 * The report of a verify that could not start (no credentials, a bad option): no checks, exit code
 * 2 and the reason, so that every report file a CI job reads says it could not verify.
 */
export function unverifiedReport(
  target: string,
  reason: VerifyError["reason"],
  message: string,
  startedAt = new Date(),
): VerifyReport {
  return {
    target,
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    requests: 0,
    writes: [],
    checks: [],
    notes: [],
    exitCode: 2,
    stopped: { reason, message },
    totals: { passed: 0, failed: 0, skipped: 0, newFields: 0 },
  };
}

const DAY = 86_400;
const SAFE_QUERY = new Set(["page", "per_page", "include", "sort", "page[size]", "start_time"]);

interface Received {
  status: number;
  headers: Headers;
  body: unknown;
  /** The body was not JSON. */
  text?: string;
}

export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const showValues = options.showValues === true;
  const maxRequests = options.maxRequests ?? 50;
  if (!Number.isInteger(maxRequests) || maxRequests < 1)
    throw new VerifyError(`maxRequests must be a positive integer, got ${String(maxRequests)}`, "usage");
  if (options.ticket !== undefined && (!Number.isSafeInteger(options.ticket) || options.ticket < 1))
    throw new VerifyError(`ticket must be a positive integer, got ${String(options.ticket)}`, "usage");
  if (options.writes && options.ticket === undefined)
    throw new VerifyError("writes need a ticket: name the ticket they may change (--ticket)", "usage");
  if (options.writes && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(options.writes.to))
    throw new VerifyError("writes.to must be an email address to send the test side conversation to", "usage");
  const startTime = options.startTime ?? Math.floor(now() / 1000) - 30 * DAY;
  if (!Number.isSafeInteger(startTime) || startTime < 0)
    throw new VerifyError(`startTime must be Unix seconds, got ${String(options.startTime)}`, "usage");

  let send: typeof fetch;
  try {
    send = createSideconvoFetch({
      ...(options.subdomain !== undefined && { subdomain: options.subdomain }),
      ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }),
      auth: options.auth,
      userAgent: "sideconvo-verify",
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.retry !== undefined && { retry: options.retry }),
      ...(options.rateLimit !== undefined && { rateLimit: options.rateLimit }),
      ...(options.clock !== undefined && { clock: options.clock }),
    });
  } catch (error) {
    if (error instanceof ValidationError) throw new VerifyError(error.message, "usage");
    throw error;
  }
  const origin = options.baseUrl
    ? new URL(options.baseUrl).origin
    : `https://${String(options.subdomain).toLowerCase()}.zendesk.com`;

  const report: VerifyReport = {
    target: origin,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    requests: 0,
    writes: [],
    checks: [],
    notes: [],
    exitCode: 0,
    totals: { passed: 0, failed: 0, skipped: 0, newFields: 0 },
  };
  /** Ids of the account's records, replaced in the report's requests by their names. */
  const hidden = new Map<string, string>();
  const display = (method: string, url: string) => {
    const parsed = new URL(url);
    let path = parsed.pathname;
    if (!showValues) for (const [id, name] of hidden) path = path.split(`/${id}`).join(`/{${name}}`);
    const query = [...parsed.searchParams]
      .map(([k, v]) => `${k}=${showValues || SAFE_QUERY.has(k) ? v : "…"}`)
      .join("&");
    return `${method} ${path}${query ? `?${query}` : ""}`;
  };
  const checkResult = (
    step: string,
    op: SpecOperation,
    check: CheckName,
    request: string,
    fields: Partial<CheckResult>,
  ): CheckResult => {
    const result: CheckResult = {
      step,
      operationId: op.operationId,
      check,
      outcome: "passed",
      failures: [],
      newFields: [],
      request,
      durationMs: 0,
      ...fields,
    };
    if (result.outcome !== "skipped") result.outcome = result.failures.length ? "failed" : "passed";
    report.checks.push(result);
    return result;
  };
  const skipAll = (step: string, id: OperationId, request: string, reason: string, checks: CheckName[]) => {
    for (const check of checks) checkResult(step, operation(id), check, request, { outcome: "skipped", reason });
  };

  /**
   * Sends one request of a step and checks its status, headers and body; the paging check is the
   * caller's. Undefined when the request budget is spent (the checks say so).
   */
  const exchange = async (
    step: string,
    id: OperationId,
    url: string,
    init: RequestInit = {},
    paged = false,
  ): Promise<{ answer: Received; request: string; ok: boolean } | undefined> => {
    const op = operation(id);
    const method = init.method ?? "GET";
    const request = display(method, url);
    const checks: CheckName[] = paged ? ["status", "headers", "body", "paging"] : ["status", "headers", "body"];
    if (report.requests >= maxRequests) {
      skipAll(step, id, request, `not sent: the budget of ${maxRequests} requests was spent`, checks);
      return undefined;
    }
    options.onEvent?.({ type: "request", step, request });
    report.requests++;
    const began = now();
    let response: Response;
    try {
      response = await send(url, init);
    } catch (error) {
      finish();
      if (error instanceof NetworkError || error instanceof TimeoutError)
        throw new VerifyError(`could not reach ${origin}: ${error.message}`, "connection", report);
      if (error instanceof RateLimitError)
        throw new VerifyError(`rate limited beyond what the client waits out: ${error.message}`, "connection", report);
      if (error instanceof SecurityError) throw new VerifyError(error.message, "usage", report);
      // The token endpoint refused (OAuth's invalid_client, invalid_grant…), or the token could not be got.
      if (error instanceof AuthError)
        throw new VerifyError(`could not sign in to ${origin}: ${error.message}`, "credentials", report);
      throw error;
    }
    const text = await response.text();
    let body: unknown;
    let notJson: string | undefined;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      notJson = text;
    }
    const durationMs = now() - began;
    const answer: Received = {
      status: response.status,
      headers: response.headers,
      body,
      ...(notJson !== undefined && { text: notJson }),
    };

    if (response.status === 401 || response.status === 403) {
      finish();
      throw new VerifyError(
        response.status === 401
          ? `${origin} refused the credentials (401): check them`
          : `${origin} does not allow this (403): side conversations need the Collaboration add-on, and the user access to the ticket`,
        "credentials",
        report,
      );
    }
    const expected = op.successStatus;
    const statusFailures: Finding[] =
      response.status === expected
        ? []
        : [
            {
              path: "status",
              message: op.statuses.includes(response.status)
                ? `an error status where the request follows the spec`
                : "a status the spec does not document for this operation",
              expected: String(expected),
              received: String(response.status),
              count: 1,
            },
          ];
    checkResult(step, op, "status", request, { failures: statusFailures, status: response.status, durationMs });
    const doc = documented(op, response.status);
    if (!doc) {
      for (const check of ["headers", "body"] as const)
        checkResult(step, op, check, request, {
          outcome: "skipped",
          reason: `status ${response.status} is not documented`,
          status: response.status,
        });
    } else {
      checkResult(step, op, "headers", request, {
        failures: headerFailures(doc, response.headers, showValues),
        status: response.status,
      });
      if (doc.schema === undefined) {
        checkResult(step, op, "body", request, {
          outcome: "skipped",
          reason: "no body documented",
          status: response.status,
        });
      } else if (notJson !== undefined || body === undefined) {
        checkResult(step, op, "body", request, {
          failures: [
            {
              path: "$",
              message: "the body is not JSON",
              expected: "a JSON body",
              received: notJson === undefined ? "an empty body" : `text (${notJson.length} chars)`,
              count: 1,
            },
          ],
          status: response.status,
        });
      } else {
        checkResult(step, op, "body", request, {
          failures: bodyFailures(doc.schema, body, showValues),
          newFields: newFields(doc.schema, body, showValues),
          status: response.status,
        });
      }
    }
    const ok = response.status === expected && notJson === undefined && body !== null && typeof body === "object";
    if (paged && !ok)
      checkResult(step, op, "paging", request, {
        outcome: "skipped",
        reason: "no page to check",
        status: response.status,
      });
    return { answer, request, ok };
  };

  /** The first ticket an export page's events name. */
  const ticketIn = (page: { events?: unknown }): number | undefined =>
    Array.isArray(page.events)
      ? page.events
          .map((e) => (e as { ticket_id?: unknown } | null)?.ticket_id)
          .find((t): t is number => Number.isSafeInteger(t) && (t as number) > 0)
      : undefined;

  const paging = (step: string, id: OperationId, request: string, failures: Finding[]) =>
    checkResult(step, operation(id), "paging", request, { failures });

  const finish = () => {
    report.durationMs = now() - started;
    const totals = { passed: 0, failed: 0, skipped: 0, newFields: 0 };
    for (const c of report.checks) {
      totals[c.outcome]++;
      totals.newFields += c.newFields.length;
    }
    report.totals = totals;
    report.exitCode = totals.failed ? 1 : 0;
  };
  const finishReport = () => {
    finish();
    return report;
  };

  const api = (path: string, query: Record<string, string | number> = {}) => {
    const url = new URL(path, origin);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    return url.href;
  };

  // 1. One page of the incremental export; it also finds a ticket when none was given.
  const exportStep = await exchange(
    "exportSideConversationEvents (one page)",
    "exportSideConversationEvents",
    api("/api/v2/tickets/side_conversations/events", { start_time: startTime }),
    {},
    true,
  );
  let ticket = options.ticket;
  if (ticket !== undefined) report.ticketSource = "given";
  if (exportStep?.ok) {
    const page = exportStep.answer.body as { next_page?: unknown; end_time?: unknown; events?: unknown };
    const op = operation("exportSideConversationEvents");
    const failures = linkFailures("$.next_page", page.next_page, op, origin, showValues);
    if (!failures.length && typeof page.next_page === "string")
      failures.push(...exportMoves(page.next_page, page.end_time));
    paging("exportSideConversationEvents (one page)", "exportSideConversationEvents", exportStep.request, failures);
    if (ticket === undefined) {
      ticket = ticketIn(page);
      if (ticket !== undefined) report.ticketSource = "found in the export";
    }
  }
  // Nothing in the window: one more page, from the export's start, before asking for --ticket (a
  // sandbox seeded with the spec's examples, dated 2018, has its ticket there).
  if (ticket === undefined && startTime > 0 && exportStep?.ok) {
    const earliest = await exchange(
      "exportSideConversationEvents (from the start, to find a ticket)",
      "exportSideConversationEvents",
      api("/api/v2/tickets/side_conversations/events", { start_time: 0 }),
      {},
      false,
    );
    if (earliest?.ok) {
      ticket = ticketIn(earliest.answer.body as { events?: unknown });
      if (ticket !== undefined) report.ticketSource = "found in the export, from its start";
    }
  }
  if (ticket === undefined) {
    finish();
    throw new VerifyError(
      `no side-conversation events on ${origin} since ${new Date(startTime * 1000).toISOString()}${startTime > 0 ? " nor from the export's start" : ""} to find a ticket in: give one that has side conversations (--ticket)`,
      "usage",
      report,
    );
  }
  report.ticket = ticket;
  const T = `/api/v2/tickets/${ticket}`;

  // 2. The list, one record a page so that a second page is followed where there is one.
  const firstSideConversation = await offsetList(
    "listSideConversations",
    "listSideConversations (per_page=1)",
    api(`${T}/side_conversations`, { per_page: 1 }),
    "side_conversations",
    { firstReadOfTicket: true },
  );
  await exchange(
    "listSideConversations (include=events)",
    "listSideConversations",
    api(`${T}/side_conversations`, { include: "events" }),
  );

  if (firstSideConversation === undefined) {
    report.notes.push(`ticket ${ticket} has no side conversations: show and events were not checked`);
    for (const step of [
      "showSideConversation",
      "showSideConversation (include=events)",
      "listSideConversationEvents (per_page=1)",
    ])
      skipAll(
        step,
        step.startsWith("show") ? "showSideConversation" : "listSideConversationEvents",
        `GET ${T}/side_conversations/{side_conversation_id}`,
        `ticket ${ticket} has no side conversations`,
        ["status", "headers", "body"],
      );
  } else {
    const one = `${T}/side_conversations/${encodeURIComponent(firstSideConversation)}`;
    await exchange("showSideConversation", "showSideConversation", api(one));
    await exchange("showSideConversation (include=events)", "showSideConversation", api(one, { include: "events" }));
    await offsetList(
      "listSideConversationEvents",
      "listSideConversationEvents (per_page=1)",
      api(`${one}/events`, { per_page: 1 }),
      "events",
    );
  }

  // 3. The conversation log: one event a page, newest first, and the next cursor page if any.
  await cursorLog(api(`${T}/conversation_log`, { "page[size]": 1, sort: "-created_at" }));

  if (options.writes) await writes(ticket, options.writes.to);

  finish();
  return report;

  /** A list's first page, its second if it has one, and the paging contract between them; the first record's id. */
  async function offsetList(
    id: "listSideConversations" | "listSideConversationEvents",
    step: string,
    url: string,
    key: string,
    { firstReadOfTicket = false } = {},
  ): Promise<string | undefined> {
    const first = await exchange(step, id, url, {}, true);
    // The first read of the ticket: a 404 there is a ticket that is not there (or not visible).
    if (firstReadOfTicket && first?.answer.status === 404)
      throw new VerifyError(`ticket ${report.ticket} was not found (404) on ${origin}`, "not-found", finishReport());
    if (!first?.ok) return undefined;
    const op = operation(id);
    const page = first.answer.body as Record<string, unknown>;
    const records = Array.isArray(page[key]) ? (page[key] as unknown[]) : [];
    const firstId = (records[0] as { id?: unknown } | undefined)?.id;
    if (typeof firstId === "string" && id === "listSideConversations") hidden.set(firstId, "side_conversation_id");
    const failures = [
      ...linkFailures("$.next_page", page.next_page, op, origin, showValues),
      ...linkFailures("$.previous_page", page.previous_page, op, origin, showValues),
    ];
    if (!failures.length && typeof page.next_page === "string") {
      failures.push(...offsetMoves(page.next_page, 1));
      if (!failures.length) {
        const nextStep = `${step.replace(/ \(.*\)$/, "")} (next page)`;
        const second = await exchange(nextStep, id, page.next_page, {}, true);
        if (second?.ok) {
          const next = second.answer.body as Record<string, unknown>;
          const nextRecords = Array.isArray(next[key]) ? (next[key] as unknown[]) : [];
          const moved = sameRecords(records, nextRecords)
            ? [failure(`$.${key}`, "the next page repeats the first page's records", "other records", "the same ids")]
            : [];
          paging(nextStep, id, second.request, [
            ...moved,
            ...linkFailures("$.next_page", next.next_page, op, origin, showValues),
            ...linkFailures("$.previous_page", next.previous_page, op, origin, showValues),
          ]);
        }
      }
    }
    paging(step, id, first.request, failures);
    return typeof firstId === "string" ? firstId : undefined;
  }

  async function cursorLog(url: string) {
    const id = "listConversationLog";
    const step = "listConversationLog (page[size]=1, sort=-created_at)";
    const op = operation(id);
    const first = await exchange(step, id, url, {}, true);
    if (!first?.ok) return;
    const page = first.answer.body as {
      meta?: Record<string, unknown>;
      links?: Record<string, unknown>;
      events?: unknown;
    };
    const failures = cursorFailures(page);
    if (!failures.length && page.meta?.has_more === true) {
      const nextStep = "listConversationLog (next cursor page)";
      const second = await exchange(nextStep, id, String(page.links?.next), {}, true);
      if (second?.ok) {
        const next = second.answer.body as typeof page;
        const moved: Finding[] = [];
        if (sameRecords(Array.isArray(page.events) ? page.events : [], Array.isArray(next.events) ? next.events : []))
          moved.push(
            failure("$.events", "the next cursor page repeats the first page's events", "other events", "the same ids"),
          );
        if (next.meta?.has_more === true && next.meta.after_cursor === page.meta?.after_cursor)
          moved.push(
            failure("$.meta.after_cursor", "the cursor does not move", "another after_cursor", "the same cursor"),
          );
        paging(nextStep, id, second.request, [...moved, ...cursorFailures(next)]);
      }
    }
    paging(step, id, first.request, failures);

    function cursorFailures(p: typeof page): Finding[] {
      const found = linkFailures("$.links.next", p.links?.next, op, origin, showValues);
      found.push(...linkFailures("$.links.prev", p.links?.prev, op, origin, showValues));
      if (p.meta?.has_more === true) {
        if (typeof p.links?.next !== "string")
          found.push(
            failure(
              "$.links.next",
              "has_more is true but there is no next link",
              "a URL",
              typeof p.links?.next === "undefined" ? "nothing" : "null",
            ),
          );
        if (typeof p.meta.after_cursor !== "string" || p.meta.after_cursor === "")
          found.push(
            failure(
              "$.meta.after_cursor",
              "has_more is true but there is no cursor",
              "a string",
              p.meta.after_cursor === null ? "null" : "nothing",
            ),
          );
      }
      return found;
    }
  }

  /** The writes, on the given ticket only, each listed before the first is sent. */
  async function writes(ticketId: number, to: string) {
    const base = `/api/v2/tickets/${ticketId}/side_conversations`;
    const plan = [
      "POST /api/v2/tickets/side_conversations/attachments (upload sideconvo-verify.txt, 38 bytes)",
      `POST ${base} (create a side conversation "sideconvo verify", sent to ${showValues ? to : "the --writes-to address"})`,
      `POST ${base}/{side_conversation_id}/reply (reply to it)`,
      `PUT ${base}/{side_conversation_id} (close it)`,
      `PUT ${base}/{side_conversation_id} (reopen it)`,
      `POST ${base}/import (import a side conversation with one historical message)`,
      `POST ${base}/{side_conversation_id}/events/import (import one more message into that one)`,
    ];
    options.onEvent?.({ type: "writes", ticket: ticketId, writes: plan });
    report.writes = plan;
    const json = (method: string, body: unknown): RequestInit => ({
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const created = (answer: Received | undefined, key: "side_conversation" | "attachment") => {
      const record = (answer?.body as Record<string, { id?: unknown }> | undefined)?.[key];
      const id = typeof record?.id === "string" ? record.id : undefined;
      if (id) hidden.set(id, key === "attachment" ? "attachment_id" : "side_conversation_id");
      return id;
    };
    const form = new FormData();
    form.append(
      "file",
      new Blob(["sideconvo verify: a contract check.\n"], { type: "text/plain" }),
      "sideconvo-verify.txt",
    );
    const upload = await exchange(
      "uploadSideConversationAttachment",
      "uploadSideConversationAttachment",
      api("/api/v2/tickets/side_conversations/attachments"),
      { method: "POST", body: form },
    );
    const attachment = created(upload?.answer, "attachment");
    const message = {
      subject: "sideconvo verify",
      body: "A contract check by sideconvo verify.",
      to: [{ email: to }],
      ...(attachment && { attachment_ids: [attachment] }),
    };
    const create = await exchange(
      "createSideConversation",
      "createSideConversation",
      api(base),
      json("POST", { message }),
    );
    const sc = created(create?.answer, "side_conversation");
    const skipped = (reason: string, ...steps: [string, OperationId][]) => {
      for (const [step, id] of steps) skipAll(step, id, "not sent", reason, ["status", "headers", "body"]);
    };
    if (sc) {
      const one = api(`${base}/${encodeURIComponent(sc)}`);
      await exchange(
        "replyToSideConversation",
        "replyToSideConversation",
        api(`${base}/${encodeURIComponent(sc)}/reply`),
        json("POST", { message: { body: "A reply by sideconvo verify.", to: [{ email: to }] } }),
      );
      await exchange(
        "updateSideConversation (closed)",
        "updateSideConversation",
        one,
        json("PUT", { side_conversation: { state: "closed" } }),
      );
      await exchange(
        "updateSideConversation (open)",
        "updateSideConversation",
        one,
        json("PUT", { side_conversation: { state: "open" } }),
      );
    } else
      skipped(
        "the create gave no side conversation id",
        ["replyToSideConversation", "replyToSideConversation"],
        ["updateSideConversation (closed)", "updateSideConversation"],
        ["updateSideConversation (open)", "updateSideConversation"],
      );
    const history = (subject: string) => ({
      created_at: new Date(now() - 3_600_000).toISOString(),
      message: {
        subject,
        body: "A historical message imported by sideconvo verify.",
        from: { email: to },
        to: [{ email: to }],
      },
    });
    const imported = await exchange(
      "importSideConversation",
      "importSideConversation",
      api(`${base}/import`),
      json("POST", {
        side_conversation: { subject: "sideconvo verify (imported)" },
        events: [history("sideconvo verify (imported)")],
      }),
    );
    const importedId = created(imported?.answer, "side_conversation");
    if (importedId)
      await exchange(
        "importSideConversationEvents",
        "importSideConversationEvents",
        api(`${base}/${encodeURIComponent(importedId)}/events/import`),
        json("POST", { events: [history("sideconvo verify (one more)")] }),
      );
    else
      skipped("the import gave no side conversation id", [
        "importSideConversationEvents",
        "importSideConversationEvents",
      ]);
  }
}
