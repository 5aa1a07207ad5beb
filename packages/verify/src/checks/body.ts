// A body against its documented schema. Two kinds of drift come out, told apart by the spec's own
// schemas and nothing else: what breaks them (a missing required field, a changed type, a value
// outside an enum, a field where `additionalProperties: false` forbids one) fails; a field the
// spec doesn't know, where the schemas allow it (they do unless they say otherwise: real responses
// are looser than the vendor's tables), is a "new field" and fails nothing.

import { closestBranch } from "@sideconvo/openapi/explain";
import { unescapeSegment } from "@sideconvo/openapi/pointer";
import type { ErrorObject } from "ajv";
import type { Finding } from "../report/types.js";
import { escapePointer, type JsonObject, resolve, validateAt } from "../spec.js";
import { describeValue, jsonPath, schemaText, showValue, valueAt } from "./describe.js";

/** Adds a finding, or counts it again where the same path and message were found before. */
export function add(findings: Map<string, Finding>, finding: Omit<Finding, "count">): void {
  const key = `${finding.path} ${finding.message}`;
  const found = findings.get(key);
  if (found) found.count++;
  else findings.set(key, { ...finding, count: 1 });
}

/** Under a failed `oneOf`/`anyOf`, only the errors of the branch that came closest (the spec's one rule). */
const closest = (errors: ErrorObject[]): ErrorObject[] => closestBranch(errors, { sameSchema: true });

/** `shown` is the instance pointer as the report may name it (map keys hidden). */
function failureOf(error: ErrorObject, body: unknown, showValues: boolean, shown: string): Omit<Finding, "count"> {
  const value = valueAt(body, error.instancePath);
  const withValue = (v: unknown) => (showValues && v !== undefined ? { value: showValue(v) } : {});
  const expected = schemaText(error.parentSchema);
  switch (error.keyword) {
    case "required": {
      const field = String(error.params.missingProperty);
      return {
        path: jsonPath(shown, field),
        message: "a required field is missing",
        expected: `required: ${schemaText((error.parentSchema as JsonObject | undefined)?.required)}`,
        received: "nothing",
      };
    }
    case "additionalProperties": {
      const field = String(error.params.additionalProperty);
      const extra = valueAt(body, `${error.instancePath}/${escapePointer(field)}`);
      return {
        path: jsonPath(shown, field),
        message: "a field the spec forbids here (additionalProperties: false)",
        expected: `one of the fields ${schemaText(Object.keys(((error.parentSchema as JsonObject)?.properties ?? {}) as JsonObject))}`,
        received: describeValue(extra),
        ...withValue(extra),
      };
    }
    case "type":
      return {
        path: jsonPath(shown),
        message: `the type changed: the spec says ${[error.params.type].flat().join(" or ")}`,
        expected,
        received: describeValue(value),
        ...withValue(value),
      };
    case "enum":
    case "const":
      return {
        path: jsonPath(shown),
        message: "a value the spec's enum does not list",
        expected: `${error.keyword}: ${schemaText(error.schema)}`,
        received: describeValue(value),
        ...withValue(value),
      };
    default:
      return {
        path: jsonPath(shown),
        message: `${error.message ?? `breaks "${error.keyword}"`}`,
        expected,
        received: describeValue(value),
        ...withValue(value),
      };
  }
}

/** What breaks the schema at `pointer`, as findings (deduplicated over list items). */
export function bodyFailures(pointer: string, body: unknown, showValues: boolean): Finding[] {
  const findings = new Map<string, Finding>();
  for (const error of closest(validateAt(pointer, body))) {
    // A failure inside a map names the map's key, which is the account's own: hidden like values.
    const shown = showValues ? error.instancePath : withMapKeysHidden(pointer, body, error.instancePath);
    add(findings, failureOf(error, body, showValues, shown));
  }
  return [...findings.values()];
}

/**
 * The instance pointer with each segment that is a map's key (where the schemas name no such
 * property but have an `additionalProperties` schema) written `{key}`.
 */
function withMapKeysHidden(pointer: string, body: unknown, instance: string): string {
  let at = [pointer];
  let data: unknown = body;
  const out: string[] = [];
  for (const segment of instance.split("/").slice(1)) {
    const key = unescapeSegment(segment);
    const schemas = at.flatMap((p) => applicable(p, data));
    const owners = schemas.filter((s) => s.node.properties && key in (s.node.properties as JsonObject));
    const map = schemas.find((s) => s.node.additionalProperties && typeof s.node.additionalProperties === "object");
    if (Array.isArray(data))
      at = schemas.filter((s) => s.node.items && typeof s.node.items === "object").map((s) => `${s.pointer}/items`);
    else if (owners.length) at = owners.map((s) => `${s.pointer}/properties/${escapePointer(key)}`);
    else if (map) at = [`${map.pointer}/additionalProperties`];
    else at = [];
    out.push(!Array.isArray(data) && !owners.length && map ? "{key}" : segment);
    data = (data as JsonObject | undefined)?.[key];
  }
  return out.map((segment) => `/${segment}`).join("");
}

interface Applicable {
  node: JsonObject;
  pointer: string;
}

/** The schemas that describe `data` at `pointer`: itself, its allOf members, the oneOf/anyOf branch it matches. */
function applicable(pointer: string, data: unknown, depth = 0): Applicable[] {
  const resolved = resolve(pointer);
  const list: Applicable[] = [resolved];
  if (depth > 16) return list;
  const { node } = resolved;
  (Array.isArray(node.allOf) ? node.allOf : []).forEach((_, i) => {
    list.push(...applicable(`${resolved.pointer}/allOf/${i}`, data, depth + 1));
  });
  for (const union of ["oneOf", "anyOf"] as const) {
    const branches = Array.isArray(node[union]) ? (node[union] as unknown[]) : [];
    const match = branches.findIndex((_, i) => validateAt(`${resolved.pointer}/${union}/${i}`, data).length === 0);
    if (match >= 0) list.push(...applicable(`${resolved.pointer}/${union}/${match}`, data, depth + 1));
  }
  return list;
}

/** Allows fields it does not name: additionalProperties or unevaluatedProperties other than false, or patternProperties. */
const isOpenMap = (node: JsonObject) =>
  (node.additionalProperties !== undefined && node.additionalProperties !== false) ||
  node.patternProperties !== undefined ||
  (node.unevaluatedProperties !== undefined && node.unevaluatedProperties !== false);

/** Fields of `data` that none of its schemas names, and values none lists, where they allow them. */
export function newFields(pointer: string, body: unknown, showValues: boolean): Finding[] {
  const findings = new Map<string, Finding>();
  // Walks with every schema that describes the value at once: an allOf's members may each say
  // something of one field (the base its type, an "other" branch which values are new).
  const walk = (at: string[], data: unknown, instance: string, depth: number) => {
    if (depth > 64 || !at.length) return;
    const schemas = at.flatMap((pointer) => applicable(pointer, data));
    // A value the spec takes without knowing it: its schema is `not: { enum: [the known ones] }`
    // (an "other" branch: new event types, author types, content types).
    const other = schemas.find((s) => Array.isArray((s.node.not as JsonObject | undefined)?.enum));
    if (other && (typeof data === "string" || typeof data === "number"))
      add(findings, {
        path: jsonPath(instance),
        message: "a value the spec does not list yet (allowed: it takes values other than those it knows)",
        expected: `not one of ${schemaText((other.node.not as JsonObject).enum)}`,
        received: describeValue(data),
        ...(showValues && { value: showValue(data) }),
      });
    if (data === null || typeof data !== "object") return;
    if (Array.isArray(data)) {
      const owners = schemas.filter((s) => s.node.items && typeof s.node.items === "object");
      data.forEach((item, i) => {
        walk(
          owners.map((s) => `${s.pointer}/items`),
          item,
          `${instance}/${i}`,
          depth + 1,
        );
      });
      return;
    }
    const describesObject = schemas.some((s) => s.node.properties !== undefined || s.node.type === "object");
    const open = schemas.some((s) => isOpenMap(s.node));
    // Where a schema forbids other fields, an extra one is a failure (bodyFailures), not new.
    const closed = schemas.some((s) => s.node.additionalProperties === false);
    for (const [key, value] of Object.entries(data as JsonObject)) {
      const owners = schemas.filter((s) => s.node.properties && key in (s.node.properties as JsonObject));
      if (owners.length) {
        walk(
          owners.map((s) => `${s.pointer}/properties/${escapePointer(key)}`),
          value,
          `${instance}/${escapePointer(key)}`,
          depth + 1,
        );
        continue;
      }
      const map = schemas.find((s) => s.node.additionalProperties && typeof s.node.additionalProperties === "object");
      if (map) {
        // A map's keys are the account's own (external ids' names): hidden like values.
        const name = showValues ? escapePointer(key) : "{key}";
        walk([`${map.pointer}/additionalProperties`], value, `${instance}/${name}`, depth + 1);
        continue;
      }
      if (describesObject && !open && !closed)
        add(findings, {
          path: jsonPath(instance, key),
          message: "a field the spec does not describe (allowed: its schemas are open)",
          expected: "no such field in the spec",
          received: describeValue(value),
          ...(showValues && { value: showValue(value) }),
        });
    }
  };
  walk([pointer], body, "", 0);
  return [...findings.values()];
}
