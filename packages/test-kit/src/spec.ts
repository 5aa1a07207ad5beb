// The bundled document (the published artifact, not the split sources) with its schemas compiled
// by a JSON Schema 2020-12 validator, the dialect of OpenAPI 3.1. The bundle is given by the caller
// (the spec's own tests read it from its dist/, other packages from @sideconvo/openapi), so this
// kit depends on no package of the workspace.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats ships CommonJS with a default export; under NodeNext it arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type JsonObject = Record<string, unknown>;

export type Bundle = JsonObject & {
  paths: Record<string, Record<string, JsonObject>>;
  components: Record<string, Record<string, JsonObject>>;
};

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const;

export interface Operation {
  id: string;
  method: string;
  path: string;
  pointer: string;
  definition: JsonObject & {
    operationId: string;
    summary?: string;
    description?: string;
    parameters?: JsonObject[];
    requestBody?: JsonObject;
    responses: Record<string, JsonObject>;
    "x-rate-limit"?: JsonObject[];
  };
}

export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function formatErrors(errors: ErrorObject[]): string {
  return errors.map((error) => `${error.instancePath || "/"} ${error.message}`).join("; ");
}

/** Validators and lookups over one bundle. */
export function specKit(spec: Bundle) {
  const SPEC_ID = "https://sideconvo.invalid/openapi.json";
  // strict: false because the document carries OpenAPI keywords (paths, info, ...) around its
  // schemas; `redocly lint` checks the structure, this checks the data.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID });

  const compiled = new Map<string, ValidateFunction>();

  /** A validator for the schema at a JSON pointer of the bundle. */
  function validatorAt(pointer: string): ValidateFunction {
    let validate = compiled.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      compiled.set(pointer, validate);
    }
    return validate;
  }

  function validate(pointer: string, data: unknown): ErrorObject[] {
    const check = validatorAt(pointer);
    return check(data) ? [] : (check.errors ?? []);
  }

  /** Resolves a local `$ref` of the bundle, as the bundler leaves them (`#/components/...`). */
  function deref<T = JsonObject>(node: unknown): T {
    let current = node as JsonObject;
    while (current && typeof current.$ref === "string") {
      current = (current.$ref as string)
        .slice(2)
        .split("/")
        .reduce<unknown>(
          (value, key) => (value as JsonObject)[key.replaceAll("~1", "/").replaceAll("~0", "~")],
          spec,
        ) as JsonObject;
    }
    return current as T;
  }

  const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => {
      const definition = item[method] as Operation["definition"];
      return {
        id: definition.operationId,
        method,
        path,
        pointer: `/paths/${escapePointer(path)}/${method}`,
        definition,
      };
    }),
  );

  function operation(id: string): Operation {
    const found = operations.find((candidate) => candidate.id === id);
    if (!found) throw new Error(`no operation "${id}" in the bundle; known: ${operations.map((o) => o.id).join(", ")}`);
    return found;
  }

  /** The pointer of an operation's request body schema (JSON unless said otherwise). */
  function requestSchemaPointer(id: string, mediaType = "application/json"): string {
    return `${operation(id).pointer}/requestBody/content/${escapePointer(mediaType)}/schema`;
  }

  /** The pointer of a response's JSON schema. Response objects may be `$ref`s to components. */
  function responseSchemaPointer(id: string, status: number | string): string {
    const op = operation(id);
    const response = op.definition.responses[String(status)];
    if (!response) throw new Error(`operation "${id}" documents no ${status} response`);
    const base =
      typeof response.$ref === "string"
        ? (response.$ref as string).slice(1)
        : `${op.pointer}/responses/${escapePointer(String(status))}`;
    return `${base}/content/application~1json/schema`;
  }

  return { spec, validatorAt, validate, deref, operations, operation, requestSchemaPointer, responseSchemaPointer };
}
