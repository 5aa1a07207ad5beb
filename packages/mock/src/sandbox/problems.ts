// Prism in proxy mode answers what it refuses in its own problem+json (a 422 with a `validation`
// list, a 401, a 404 for a path the spec does not have); the contract mock answers with the spec's
// examples and the `sl-violations` header. The sandbox answers as the contract mock and the API do:
// the spec's error shapes, with Prism's violations in `sl-violations`.
import type { Json } from "./store.js";

interface Violation {
  location?: string[];
  code?: string;
  message?: string;
}

/** The violations grouped by the field they name (`message.to`), as the API's `details`. */
function detailsByField(violations: Violation[]): Json {
  const details: Record<string, Json[]> = {};
  for (const { location, message, code } of violations) {
    const field = (location ?? []).slice(1).join(".") || "request";
    details[field] ??= [];
    details[field].push({ description: String(message), error: String(code ?? "InvalidValue") });
  }
  return details;
}

export function translateProblem(status: number, headers: Record<string, string | string[]>, body: string) {
  if (!String(headers["content-type"] ?? "").includes("problem+json")) return { status, headers, body };
  let problem: Json;
  try {
    problem = JSON.parse(body) as Json;
  } catch {
    return { status, headers, body };
  }
  // A violation of the answer (a 500 from Prism) is a fault of the sandbox itself: left as Prism says it.
  if (status >= 500) return { status, headers, body };
  const violations = (problem.validation ?? []) as Violation[];
  const answer: Json =
    status === 401
      ? { error: "Couldn't authenticate you" }
      : status === 404 || status === 405
        ? { error: "RecordNotFound", description: String(problem.title ?? "Not found") }
        : violations.length
          ? {
              error: "RecordInvalid",
              description: "Record validation errors",
              details: detailsByField(violations),
            }
          : { error: { title: String(problem.title ?? "Invalid request"), message: String(problem.detail ?? "") } };
  const out: Record<string, string | string[]> = { ...headers, "content-type": "application/json; charset=utf-8" };
  if (violations.length)
    out["sl-violations"] = JSON.stringify(
      violations.map(({ location, code, message }) => ({
        location: ["request", ...(location ?? [])],
        severity: "Error",
        code,
        message,
      })),
    );
  out["x-zendesk-request-id"] = "sideconvo-sandbox";
  return { status: status === 405 ? 404 : status, headers: out, body: JSON.stringify(answer) };
}
