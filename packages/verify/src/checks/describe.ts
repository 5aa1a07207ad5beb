// How a value is told in a report without telling it: its type and size. The value itself only
// when the caller asked (`showValues`), shortened.
import { at, unescapeSegment } from "@sideconvo/openapi/pointer";

export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `array (${value.length} item${value.length === 1 ? "" : "s"})`;
  if (typeof value === "string") return `string (${value.length} char${value.length === 1 ? "" : "s"})`;
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "object") {
    const size = Object.keys(value).length;
    return `object (${size} field${size === 1 ? "" : "s"})`;
  }
  return typeof value;
}

export function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A schema as a reader wants it in a report: without its prose, on one line, not too long. */
export function schemaText(schema: unknown): string {
  const text =
    JSON.stringify(schema, (key, value) =>
      key === "description" || key === "examples" || key === "example" || key === "title" ? undefined : value,
    ) ?? "";
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** `/side_conversations/0/id` as `$.side_conversations[*].id`: one path for every item of a list. */
export function jsonPath(pointer: string, extra?: string): string {
  const segments = pointer.split("/").slice(1);
  if (extra !== undefined) segments.push(extra);
  return `$${segments
    .map((raw) => {
      const segment = unescapeSegment(raw);
      if (/^\d+$/.test(segment)) return "[*]";
      if (segment === "{key}") return ".{key}"; // a map's key, hidden (the account's own name)
      return /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
    })
    .join("")}`;
}

/** The value at a JSON pointer of `data`. */
export const valueAt = (data: unknown, pointer: string): unknown => at(data, pointer);
