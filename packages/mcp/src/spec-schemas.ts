// The tools' input and output JSON Schemas, taken from the spec (@sideconvo/openapi's bundled
// openapi.json) when the server starts: the spec's own schemas with their `$ref`s inlined, so a
// model sees the recipient types, the fields and their rules as the API states them. Only the
// descriptions are shortened: a model reads every tool's schema on every turn.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { keysOf } from "@sideconvo/openapi/pointer";

export type JsonSchema = Record<string, unknown>;

interface Spec {
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, { schema: JsonSchema; description?: string }>;
  };
}

let loaded: Spec | undefined;
/** The bundled spec, read once. */
export function spec(): Spec {
  loaded ??= JSON.parse(readFileSync(specPath(), "utf8")) as Spec;
  return loaded;
}

/** Where the installed spec is: the MCP resource serves this file as it is. */
export function specPath(): string {
  return createRequire(import.meta.url).resolve("@sideconvo/openapi/openapi.json");
}

/** The longest description a tool's schema keeps; past it, the first sentence (or a cut at a word). */
const MAX_DESCRIPTION = 160;

/** A description shortened for a model: its first paragraph, then its first sentence if still long. */
export function shorten(text: string): string {
  const paragraph = (text.split(/\n\s*\n/)[0] ?? "").replace(/\s+/g, " ").trim();
  if (paragraph.length <= MAX_DESCRIPTION) return paragraph;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(paragraph)?.[0] ?? paragraph;
  if (sentence.length <= MAX_DESCRIPTION) return sentence;
  return `${sentence.slice(0, sentence.lastIndexOf(" ", MAX_DESCRIPTION - 1))}…`;
}

/** Keywords that only document (a model gains nothing from them) or only matter to the API's writer. */
const DROPPED = new Set(["examples", "example", "readOnly", "writeOnly", "deprecated", "externalDocs", "xml"]);

/**
 * A component schema of the spec with every `$ref` inlined and descriptions shortened. Where a
 * schema contains itself (an attachment's thumbnails are attachments), the inner one is an object
 * said to be like the outer: a tool schema has no `$ref`s for a client to resolve.
 */
export function schemaOf(name: string, seen: string[] = []): JsonSchema {
  const found = spec().components.schemas[name];
  if (!found) throw new Error(`the spec has no schema ${name}`);
  if (seen.includes(name)) return { type: "object", description: `A ${name}, as above.` };
  return inline(found, [...seen, name]) as JsonSchema;
}

/** The schema of one of the spec's shared parameters (`TicketId`), with its description. */
export function parameterSchema(name: string): JsonSchema {
  const parameter = spec().components.parameters[name];
  if (!parameter) throw new Error(`the spec has no parameter ${name}`);
  const schema = inline(parameter.schema, []) as JsonSchema;
  return parameter.description ? { ...schema, description: shorten(parameter.description) } : schema;
}

function inline(value: unknown, seen: string[]): unknown {
  if (Array.isArray(value)) return value.map((item) => inline(item, seen));
  if (!value || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$ref === "string") {
    const [where, kind, name, ...more] = keysOf(object.$ref);
    if (where !== "components" || kind !== "schemas" || !name || more.length)
      throw new Error(`a $ref this server cannot follow: ${object.$ref}`);
    const { $ref: _, ...rest } = object;
    const target = schemaOf(name, seen);
    // A description beside the $ref (3.1 allows one) is the more specific; keep it.
    return Object.keys(rest).length ? { ...target, ...(inline(rest, seen) as object) } : target;
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(object)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (key === "description" && typeof inner === "string") out[key] = shorten(inner);
    else if (key === "properties" && inner && typeof inner === "object")
      out[key] = Object.fromEntries(Object.entries(inner).map(([field, schema]) => [field, inline(schema, seen)]));
    else out[key] = inline(inner, seen);
  }
  return out;
}

/** One property of a component schema (`SideConversationMessageInput`'s `to`), inlined. */
export function propertyOf(name: string, property: string): JsonSchema {
  const properties = schemaOf(name).properties as Record<string, JsonSchema> | undefined;
  const found = properties?.[property];
  if (!found) throw new Error(`the spec's schema ${name} has no property ${property}`);
  return found;
}
