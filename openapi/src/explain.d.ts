/** What the explainer reads of an Ajv error. */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
}
/**
 * The errors worth saying: outside the unions as they are; under a failed union, only those of its
 * closest branch; the union's own error only where no branch complained (two branches matched).
 * With `sameSchema`, an error counts as the union's only if its schema path is under the union's.
 */
export declare function closestBranch<E extends SchemaError>(errors: E[], options?: { sameSchema?: boolean }): E[];
