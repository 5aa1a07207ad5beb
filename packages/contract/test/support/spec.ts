// Matching an exchange to its operation, and checking its body against the spec. The JSON Schema
// 2020-12 validator over the bundle (@sideconvo/openapi's) is the test kit's, the one the spec's own
// tests use, so that both suites validate with one setup: this follows Prism's own draft-07 one.
import { createRequire } from "node:module";
import { match } from "@sideconvo/openapi/operations";
import { type Bundle, specKit } from "@sideconvo/test-kit/spec";

const bundle = createRequire(import.meta.url)("@sideconvo/openapi/openapi.json") as Bundle;
export const { responseSchemaPointer, operations: specOperations, validate } = specKit(bundle);

export interface Operation {
  id: string;
  method: string;
  path: string;
  statuses: string[];
}

export const operations: Operation[] = specOperations.map((op) => ({
  id: op.id,
  method: op.method.toUpperCase(),
  path: op.path,
  statuses: Object.keys(op.definition.responses),
}));

/** The operation of a request, by the spec's own matcher (literal segments before templates, `.json`). */
export function operationOf(method: string, url: string): Operation | undefined {
  const id = match(method, new URL(url).pathname).operation?.operationId;
  return operations.find((op) => op.id === id);
}

/** Errors of a response body against its operation's documented response, or a reason it has none. */
export function checkResponse(method: string, url: string, status: number, body: unknown): string[] {
  const op = operationOf(method, url);
  if (!op) return [`${method} ${url} is not an operation of the spec`];
  if (!op.statuses.includes(String(status))) return [`${op.id} does not document status ${status}`];
  return validate(responseSchemaPointer(op.id, status), body).map(
    (error) => `${op.id} ${status} ${error.instancePath || "/"} ${error.message}`,
  );
}
