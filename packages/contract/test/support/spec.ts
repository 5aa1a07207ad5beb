// The bundled spec and a JSON Schema 2020-12 validator over it: the second validation of every
// response, after Prism's own draft-07 one.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;
export const spec = JSON.parse(readFileSync(require.resolve("@sideconvo/openapi/openapi.json"), "utf8")) as {
  paths: Record<string, Record<string, Json & { operationId: string; responses: Record<string, Json> }>>;
};

const ID = "https://sideconvo.invalid/openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...spec, $id: ID });

export interface Operation {
  id: string;
  method: string;
  path: string;
  pattern: RegExp;
  statuses: string[];
}

export const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({
    id: op.operationId,
    method: method.toUpperCase(),
    path,
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}(\\.json)?$`),
    statuses: Object.keys(op.responses),
  })),
);

export function operationOf(method: string, url: string): Operation | undefined {
  const { pathname } = new URL(url);
  // Literal segments win over templates, as in OpenAPI path matching (…/import before …/{id}).
  const matches = operations.filter((op) => op.method === method && op.pattern.test(pathname));
  return matches.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0];
}

/** Errors of a response body against its operation's documented response, or a reason it has none. */
export function checkResponse(method: string, url: string, status: number, body: unknown): string[] {
  const op = operationOf(method, url);
  if (!op) return [`${method} ${url} is not an operation of the spec`];
  if (!op.statuses.includes(String(status))) return [`${op.id} does not document status ${status}`];
  const escaped = op.path.replaceAll("~", "~0").replaceAll("/", "~1");
  const response = spec.paths[op.path]?.[op.method.toLowerCase()]?.responses[String(status)] as Json;
  const base =
    typeof response.$ref === "string"
      ? response.$ref.slice(1)
      : `/paths/${escaped}/${op.method.toLowerCase()}/responses/${status}`;
  const validate =
    ajv.getSchema(`${ID}#${base}/content/application~1json/schema`) ??
    ajv.compile({ $ref: `${ID}#${base}/content/application~1json/schema` });
  return validate(body)
    ? []
    : (validate.errors ?? []).map((e) => `${op.id} ${status} ${e.instancePath || "/"} ${e.message}`);
}
