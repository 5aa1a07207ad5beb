// The spec's own bundle (dist/openapi.json, the published artifact), through the workspace's
// test kit: a JSON Schema 2020-12 validator and lookups of its operations.
import { readFileSync } from "node:fs";
import { type Bundle, specKit } from "@sideconvo/test-kit/spec";

export {
  type Bundle,
  escapePointer,
  formatErrors,
  HTTP_METHODS,
  type JsonObject,
  type Operation,
} from "@sideconvo/test-kit/spec";

export const {
  spec,
  validatorAt,
  validate,
  deref,
  operations,
  operation,
  requestSchemaPointer,
  responseSchemaPointer,
} = specKit(JSON.parse(readFileSync(new URL("../dist/openapi.json", import.meta.url), "utf8")) as Bundle);
