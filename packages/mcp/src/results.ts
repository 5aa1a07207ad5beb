// What a tool call answers: a result with `structuredContent` (and the same JSON as text, for
// clients that read only text), or a tool error (`isError`) an agent can act on: the readable
// sentence of a refusal, how long to wait after a 429, what to do after a 401. Never a stack, never
// a credential.

import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  ApiError,
  AuthError,
  NetworkError,
  RateLimitError,
  SideconvoError,
  TimeoutError,
  ValidationError,
} from "@sideconvo/client";
import type { Budget } from "./connection.js";

/** A tool argument an agent got wrong: named, with its value and the rule. */
export class ToolInputError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    rule: string,
  ) {
    super(`${field} ${rule}${value === undefined ? "" : `, got ${show(value)}`}`);
    this.name = "ToolInputError";
  }
}

/** A request the spec refuses, in the sandbox's sentences (one violation a line). */
export class RefusedInput extends Error {
  constructor(readonly violations: string[]) {
    super(violations.join("\n"));
    this.name = "RefusedInput";
  }
}

/** A write against an account, without the flag that allows them. */
export class WritesOff extends Error {}

/** A value as an agent wrote it, cut short: an error quotes it, never echoes a whole body. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function success(summary: string, structured: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: "text", text: `${summary}\n${JSON.stringify(structured)}` }],
    structuredContent: structured,
  };
}

export function failure(text: string): CallToolResult {
  return { content: [{ type: "text", text }], isError: true };
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The budgets left, as a sentence (empty when the server did not say). */
export function budgetSentence(budget: Budget): string {
  const parts: string[] = [];
  if (budget.operation)
    parts.push(
      `this operation ${budget.operation.remaining} of ${budget.operation.limit}` +
        (budget.operation.resetsInSeconds !== undefined ? ` (resets in ${budget.operation.resetsInSeconds} s)` : ""),
    );
  if (budget.account) parts.push(`the account ${budget.account.remaining} of ${budget.account.limit} a minute`);
  return parts.length ? ` Budget left: ${parts.join("; ")}.` : "";
}

/**
 * A thrown error as the tool error an agent reads. `tool` names the call to repeat; `budget` is
 * what the last answer said of the rate limits.
 */
export function explain(error: unknown, tool: string, budget: Budget): CallToolResult {
  if (error instanceof RefusedInput)
    return failure(`The input was refused; nothing was sent. Fix these and call ${tool} again:\n${error.message}`);
  if (error instanceof ToolInputError) return failure(`The input was refused; nothing was sent: ${error.message}.`);
  if (error instanceof WritesOff) return failure(error.message);
  if (error instanceof RateLimitError) {
    const wait = error.retryAfterMs;
    return failure(
      `Rate limited: ${wait === undefined ? "wait" : `wait ${seconds(wait)} s`} before calling ${tool} again; ` +
        `nothing was done by this call.${budgetSentence(budget)}`,
    );
  }
  if (error instanceof ValidationError) return failure(`The input was refused; nothing was sent: ${error.message}.`);
  if (error instanceof ApiError) {
    const lines = violationLines(error.details);
    const hint =
      error.status === 401
        ? " The credentials were refused: sign in again (the server's configuration, not a tool argument)."
        : error.status === 403
          ? " The signed-in user may not do this (side conversations need an agent; the export an admin)."
          : error.status === 404
            ? " Check the ticket and side conversation ids (list_side_conversations shows them)."
            : "";
    return failure(`${error.message}.${hint}${lines.length ? `\n${lines.join("\n")}` : ""}`);
  }
  if (error instanceof AuthError)
    return failure(
      `Could not sign in: ${error.message}. The server's credentials need fixing; retrying will not help.`,
    );
  if (error instanceof TimeoutError || error instanceof NetworkError)
    return failure(
      `${error.message}. The request may not have reached the server; reading first shows whether it did.`,
    );
  if (error instanceof SideconvoError) return failure(error.message);
  // Our own fault: one line, no stack (the log has it).
  return failure(`The server failed on this call: ${error instanceof Error ? error.message : String(error)}`);
}

/** The violations of a 400/422 body (`details`), as sentences. */
function violationLines(details: unknown): string[] {
  const lines: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value && typeof value === "object") {
      const { description, message } = value as { description?: unknown; message?: unknown };
      if (typeof description === "string") lines.push(description);
      else if (typeof message === "string") lines.push(message);
      else for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(details);
  return lines.slice(0, 10);
}

/** The result with every secret replaced: the last guard, after the client's own redaction. */
export function scrubbed(result: CallToolResult, secrets: string[]): CallToolResult {
  if (!secrets.length) return result;
  const text = JSON.stringify(result);
  let clean = text;
  for (const secret of secrets) clean = clean.split(JSON.stringify(secret).slice(1, -1)).join("[redacted]");
  return clean === text ? result : (JSON.parse(clean) as CallToolResult);
}
