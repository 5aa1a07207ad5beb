// The spec as verify reads it: the bundled document of @sideconvo/openapi (the published artifact),
// its operation index, and its schemas compiled by Ajv in JSON Schema 2020-12 mode, the dialect of
// OpenAPI 3.1. Compiled on first use, one validator per schema pointer.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { match, type OperationId, operations, type SpecOperation } from "@sideconvo/openapi/operations";
import { at, escapeSegment } from "@sideconvo/openapi/pointer";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type JsonObject = Record<string, unknown>;
export type { OperationId, SpecOperation };

const SPEC_ID = "https://sideconvo.invalid/openapi.json";

let loaded: { spec: JsonObject; ajv: Ajv2020 } | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The bundle and its validator, read once. */
function load() {
  if (!loaded) {
    const file = createRequire(import.meta.url).resolve("@sideconvo/openapi/openapi.json");
    const spec = JSON.parse(readFileSync(file, "utf8")) as JsonObject;
    // strict: false because the document carries OpenAPI keywords (paths, info, ...) around its
    // schemas; verbose: the failing schema goes into the report as "expected".
    const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true });
    addFormats(ajv);
    ajv.addSchema({ ...spec, $id: SPEC_ID });
    loaded = { spec, ajv };
  }
  return loaded;
}

export const escapePointer = escapeSegment;

/** The node at a JSON pointer of the bundle. */
export function nodeAt(pointer: string): unknown {
  return at(load().spec, pointer);
}

/** Follows local `$ref`s: the node they lead to, and its pointer. */
export function resolve(pointer: string): { node: JsonObject; pointer: string } {
  let node = nodeAt(pointer) as JsonObject | undefined;
  let at = pointer;
  for (let hops = 0; node && typeof node.$ref === "string" && hops < 32; hops++) {
    at = (node.$ref as string).slice(1);
    node = nodeAt(at) as JsonObject | undefined;
  }
  return { node: node ?? {}, pointer: at };
}

/** Whether `data` holds against the schema at `pointer`, and Ajv's errors if not. */
export function validateAt(pointer: string, data: unknown): ErrorObject[] {
  let check = compiled.get(pointer);
  if (!check) {
    check = load().ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
    compiled.set(pointer, check);
  }
  return check(data) ? [] : [...(check.errors ?? [])];
}

export function operation(id: OperationId): SpecOperation {
  const op = operations.find((o) => o.operationId === id);
  if (!op) throw new Error(`the spec has no operation ${id}`);
  return op;
}

/** Whether a path (with or without the API's `.json` suffix) is one of an operation's: the spec's own matcher. */
export function pathMatches(op: SpecOperation, pathname: string): boolean {
  return match(op.method, pathname).operation?.operationId === op.operationId;
}

export interface DocumentedResponse {
  /** The pointer of the JSON body's schema, when the response has one. */
  schema?: string;
  /** The media types it may be sent with. */
  mediaTypes: string[];
  /** Declared headers (lower case) and the pointer of each one's schema. */
  headers: Map<string, string>;
  /** The declared headers the spec marks `required` (lower case): an answer without one fails. */
  requiredHeaders: Set<string>;
}

/** What the spec says of one status of an operation, or undefined where it says nothing. */
export function documented(op: SpecOperation, status: number): DocumentedResponse | undefined {
  const base = `/paths/${escapePointer(op.path)}/${op.method.toLowerCase()}/responses`;
  const responses = nodeAt(base) as JsonObject;
  const key =
    String(status) in responses
      ? String(status)
      : `${String(status)[0]}XX` in responses
        ? `${String(status)[0]}XX`
        : undefined;
  if (!key) return undefined;
  const { node, pointer } = resolve(`${base}/${key}`);
  const content = (node.content ?? {}) as JsonObject;
  const headers = new Map<string, string>();
  const requiredHeaders = new Set<string>();
  for (const name of Object.keys((node.headers ?? {}) as JsonObject)) {
    const header = resolve(`${pointer}/headers/${escapePointer(name)}`);
    headers.set(name.toLowerCase(), `${header.pointer}/schema`);
    if (header.node.required === true) requiredHeaders.add(name.toLowerCase());
  }
  const json = Object.keys(content).find((type) => type.includes("json"));
  return {
    ...(json && { schema: `${pointer}/content/${escapePointer(json)}/schema` }),
    mediaTypes: Object.keys(content),
    headers,
    requiredHeaders,
  };
}
