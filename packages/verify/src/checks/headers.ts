// The headers an answer carries against those its status documents: a header the spec marks
// `required` (X-Zendesk-Request-Id: the vendor sends it on every response) must be there; each
// declared header that is present must hold against its schema (a number where the spec says
// integer); and the body must come with a documented media type. An optional header's absence is
// no drift.
import type { Finding } from "../report/types.js";
import type { DocumentedResponse } from "../spec.js";
import { type JsonObject, nodeAt, validateAt } from "../spec.js";
import { describeValue, schemaText, showValue } from "./describe.js";

/** A header's text as the type its schema gives: HTTP headers are strings on the wire. */
function typed(schemaPointer: string, text: string): unknown {
  const schema = nodeAt(schemaPointer) as JsonObject | undefined;
  const types = [schema?.type].flat();
  if ((types.includes("integer") || types.includes("number")) && /^\s*-?\d+(\.\d+)?\s*$/.test(text))
    return Number(text);
  return text;
}

export function headerFailures(response: DocumentedResponse, headers: Headers, showValues: boolean): Finding[] {
  const failures: Finding[] = [];
  for (const [name, pointer] of response.headers) {
    const text = headers.get(name);
    if (text === null) {
      if (response.requiredHeaders.has(name))
        failures.push({
          path: `header ${name}`,
          message: "the header the spec requires on this answer is missing",
          expected: schemaText(nodeAt(pointer)),
          received: "no such header",
          count: 1,
        });
      continue;
    }
    const value = typed(pointer, text);
    if (validateAt(pointer, value).length)
      failures.push({
        path: `header ${name}`,
        message: "the header does not hold against its schema",
        expected: schemaText(nodeAt(pointer)),
        received: describeValue(value),
        ...(showValues && { value: showValue(text) }),
        count: 1,
      });
  }
  const type = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (response.mediaTypes.length && !response.mediaTypes.includes(type))
    failures.push({
      path: "header content-type",
      message: "the body comes as a media type the spec does not document",
      expected: response.mediaTypes.join(" or "),
      received: type || "no content-type",
      count: 1,
    });
  return failures;
}
