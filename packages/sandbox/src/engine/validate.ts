// Requests checked by the spec itself: the validators are the spec's schemas compiled ahead of
// time by Ajv in JSON Schema 2020-12 mode (src/generated/validators.js). What they report is
// turned into violations a person can read: each names the field and the value, a `oneOf` reports
// the branch that came closest instead of every branch's complaints, and a recipient list that
// mixes kinds says so in one sentence.

import { closestBranch } from "@sideconvo/openapi/explain";
import type { OperationId, SpecOperation } from "@sideconvo/openapi/operations";
import { at } from "@sideconvo/openapi/pointer";
import { bodies, params, type ValidationError } from "../generated/validators.js";
import { breaksTheSpec, fieldName, type Violation } from "./problems.js";

/** The decoded parameters of a request: path values and query values, coerced to the spec's types. */
export interface Parameters {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
}

/** `page[size]=2` as `{ page: { size: "2" } }` where the spec says deepObject; other names as they are. */
export function decodeQuery(op: SpecOperation, search: URLSearchParams): Record<string, unknown> {
  const deep = new Set(op.parameters.filter((p) => p.in === "query" && p.style === "deepObject").map((p) => p.name));
  const query: Record<string, unknown> = {};
  for (const [key, value] of search) {
    const bracket = /^([^[\]]+)\[([^[\]]+)\]$/.exec(key);
    if (bracket && deep.has(bracket[1] as string)) {
      const name = bracket[1] as string;
      const object = (query[name] ?? {}) as Record<string, unknown>;
      object[bracket[2] as string] = value;
      query[name] = object;
    } else query[key] = value;
  }
  return query;
}

export function checkParameters(op: SpecOperation, path: Record<string, string>, search: URLSearchParams): Parameters {
  const data: Parameters = { path: { ...path }, query: decodeQuery(op, search) };
  const validate = params[op.operationId];
  if (!validate(data)) throw breaksTheSpec(readable(validate.errors ?? [], data, "request"));
  return data;
}

export function checkBody(op: SpecOperation, body: unknown): void {
  const mixed = mixedRecipients(body);
  if (mixed.length) throw breaksTheSpec(mixed);
  const validate = bodies[op.operationId as OperationId];
  if (validate && !validate(body)) throw breaksTheSpec(readable(validate.errors ?? [], body, "request/body"));
}

const KINDS: [kind: string, fields: string[]][] = [
  ["email", ["email", "user_id"]],
  ["Slack", ["slack_workspace_id", "slack_channel_id"]],
  ["child ticket", ["support_group_id", "support_agent_id"]],
  ["Microsoft Teams", ["msteams_channel_id"]],
];

/** Recipients of different kinds in one `message.to` (the API takes one kind a message). */
function mixedRecipients(body: unknown): Violation[] {
  const messages: [string[], unknown][] = [];
  const b = body as { message?: { to?: unknown }; events?: { message?: { to?: unknown } }[] } | null;
  if (b && typeof b === "object") {
    if (b.message && typeof b.message === "object") messages.push([["message", "to"], b.message.to]);
    if (Array.isArray(b.events))
      b.events.forEach((event, i) => {
        if (event?.message && typeof event.message === "object")
          messages.push([["events", String(i), "message", "to"], event.message.to]);
      });
  }
  const found: Violation[] = [];
  for (const [path, to] of messages) {
    if (!Array.isArray(to)) continue;
    const kinds = new Set<string>();
    for (const recipient of to) {
      if (!recipient || typeof recipient !== "object") continue;
      const kind = KINDS.find(([, fields]) => fields.some((field) => field in recipient))?.[0];
      if (kind) kinds.add(kind);
    }
    if (kinds.size > 1)
      found.push({
        location: ["request", "body", ...path],
        code: "mixed-recipients",
        message: `${fieldName(path)}: recipients of different types cannot be mixed in one message, got ${[...kinds].join(" and ")} recipients`,
      });
  }
  return found;
}

const show = (value: unknown) => {
  // JSON writes Infinity and NaN as null: say what came.
  const text = typeof value === "number" && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
  return text === undefined ? "nothing" : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/**
 * Ajv's errors as violations: deduplicated; under a failed `oneOf`, only the errors of the branch
 * with the fewest (the shape the request came closest to); each naming its field and value.
 */
export function readable(errors: ValidationError[], data: unknown, root: "request" | "request/body"): Violation[] {
  // The spec's one rule for unions; by instance path (these validators' errors inside a referenced
  // schema carry that schema's own path, so a schema-path test would lose them).
  const kept = closestBranch(errors);
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const error of kept) {
    const path = error.instancePath.split("/").slice(1);
    let message: string;
    if (error.keyword === "required") {
      path.push(String(error.params.missingProperty));
      message = `${fieldName(path)} is required`;
    } else if (error.keyword === "additionalProperties") {
      path.push(String(error.params.additionalProperty));
      message = `${fieldName(path)} is not a field here, got ${show(at(data, `${error.instancePath}/${error.params.additionalProperty}`))}`;
    } else message = `${fieldName(path) || "the body"} ${error.message}, got ${show(at(data, error.instancePath))}`;
    if (seen.has(message)) continue;
    seen.add(message);
    violations.push({ location: [...root.split("/"), ...path], code: error.keyword, message });
  }
  return violations;
}
