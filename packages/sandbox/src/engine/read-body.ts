// Reading a request's body: the size cap, JSON nested too deep refused before it is parsed, numbers
// and date-times the sandbox could not keep exactly refused naming the value; the admin routes' and
// the token endpoint's bodies.
import type { Incoming } from "./messages.js";
import { oauthError } from "./oauth.js";
import { badRequest, fieldName, tooLarge } from "./problems.js";
import { inexactNumber, isInstant } from "./state.js";

/** The largest request body the sandbox reads (the API's own limits are far lower). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** JSON nested deeper than this is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/** An admin route's JSON body; one that is not JSON reads as `{}` (each route then says what it needs). */
export const adminBody = (request: Incoming): Promise<unknown> =>
  request
    .text()
    .then((text) => JSON.parse(text))
    .catch(() => ({}));

/** A token request's parameters: JSON (as the vendor documents) or form-encoded (as OAuth libraries send). */
export async function readTokenRequest(request: Incoming): Promise<Record<string, unknown>> {
  const type = request.header("content-type") ?? "";
  if (/^application\/x-www-form-urlencoded/i.test(type))
    return Object.fromEntries(new URLSearchParams(await request.text()));
  const body = await readJson(request).catch(() => {
    throw oauthError(400, "invalid_request", "The token request's body is not JSON");
  });
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw oauthError(400, "invalid_request", "The token request takes a JSON object (or a form) with grant_type");
  return body as Record<string, unknown>;
}

/** How deep a JSON text nests, counted without parsing it (strings skipped). */
function depthOf(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 92) i++;
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 || char === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 125 || char === 93) depth--;
  }
  return deepest;
}

export async function readJson(request: Incoming): Promise<unknown> {
  const type = request.header("content-type") ?? "";
  const declared = Number(request.header("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES)
    throw tooLarge(`The request body is ${declared} bytes, over the sandbox's ${MAX_BODY_BYTES}`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    throw tooLarge(`The request body is ${text.length} characters, over the sandbox's ${MAX_BODY_BYTES}`);
  const refuse = (message: string, code = "invalid-json") =>
    badRequest("Invalid request", message, [{ location: ["request", "body"], code, message }]);
  if (!text.length) return undefined;
  if (!/^application\/(.+\+)?json/i.test(type))
    throw refuse(`The request body must be application/json, got content-type ${JSON.stringify(type)}`, "content-type");
  if (depthOf(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw refuse(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw refuse(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Path, query and body values the sandbox could not keep exactly are refused, naming the value. */
export function checkExact(where: "path" | "query" | "body", value: unknown): void {
  const inexact = inexactNumber(value);
  if (inexact) {
    const field = fieldName(inexact[0]) || where;
    const message = `${field} is ${inexact[1]}: not a number the API can hold exactly (an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}, or a finite number)`;
    throw badRequest("Invalid request", message, [
      { location: ["request", where, ...inexact[0]], code: "exact-number", message },
    ]);
  }
  if (where !== "body") return;
  const bad = notAnInstant(value);
  if (bad) {
    const field = fieldName(bad[0]);
    const message = `${field} is ${JSON.stringify(bad[1]).slice(0, 60)}: not a date-time that exists (such as 2025-06-01T09:30:00Z)`;
    throw badRequest("Invalid request", message, [
      { location: ["request", "body", ...bad[0]], code: "date-time", message },
    ]);
  }
}

/** The first `*_at` string of a body that is not a real instant, as [path, value]. */
function notAnInstant(value: unknown, path: string[] = []): [string[], string] | undefined {
  if (!value || typeof value !== "object") return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === "string" && key.endsWith("_at") && !isInstant(inner)) return [[...path, key], inner];
    const found = notAnInstant(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
