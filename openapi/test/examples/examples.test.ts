import { describe, expect, it } from "vitest";
import { deref, escapePointer, formatErrors, type JsonObject, operations, spec, validate } from "../spec.js";

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

function mediaExamples(content: Record<string, JsonObject> | undefined, base: string, where: string): ExampleCase[] {
  return Object.entries(content ?? {}).flatMap(([mediaType, media]) =>
    Object.entries((media.examples ?? {}) as Record<string, JsonObject>).map(([name, example]) => ({
      where: `${where} ${mediaType} example "${name}"`,
      schemaPointer: `${base}/content/${escapePointer(mediaType)}/schema`,
      value: deref(example).value,
    })),
  );
}

// Every example the document shows a reader: request and response bodies, parameters, headers.
const cases: ExampleCase[] = operations.flatMap((op) => {
  const found: ExampleCase[] = [];
  if (op.definition.requestBody) {
    found.push(
      ...mediaExamples(
        deref(op.definition.requestBody).content as never,
        `${op.pointer}/requestBody`,
        `${op.id} request`,
      ),
    );
  }
  for (const [status, ref] of Object.entries(op.definition.responses)) {
    const base = typeof ref.$ref === "string" ? ref.$ref.slice(1) : `${op.pointer}/responses/${status}`;
    const response = deref(ref);
    found.push(...mediaExamples(response.content as never, base, `${op.id} ${status}`));
    for (const [name, header] of Object.entries((response.headers ?? {}) as Record<string, JsonObject>)) {
      const resolved = deref(header);
      const headerBase =
        typeof header.$ref === "string" ? header.$ref.slice(1) : `${base}/headers/${escapePointer(name)}`;
      found.push({
        where: `${op.id} ${status} header ${name}`,
        schemaPointer: `${headerBase}/schema`,
        value: resolved.example,
      });
    }
  }
  (op.definition.parameters ?? []).forEach((parameter, index) => {
    const base = typeof parameter.$ref === "string" ? parameter.$ref.slice(1) : `${op.pointer}/parameters/${index}`;
    found.push({
      where: `${op.id} parameter ${deref(parameter).name}`,
      schemaPointer: `${base}/schema`,
      value: deref(parameter).example,
    });
  });
  return found;
});

// Schemas carry `examples` too (JSON Schema's array form); each must satisfy its own schema.
function schemaExamples(node: unknown, pointer: string): ExampleCase[] {
  if (!node || typeof node !== "object") return [];
  const own = Array.isArray((node as JsonObject).examples)
    ? ((node as JsonObject).examples as unknown[]).map((value, i) => ({
        where: `${pointer} examples[${i}]`,
        schemaPointer: pointer,
        value,
      }))
    : [];
  return own.concat(
    Object.entries(node as JsonObject)
      .filter(([key]) => key !== "examples")
      .flatMap(([key, child]) => schemaExamples(child, `${pointer}/${escapePointer(key)}`)),
  );
}
cases.push(...schemaExamples(spec.components.schemas, "/components/schemas"));

// Distinct pairs only: a shared header or parameter component is listed once per use above.
const unique = [...new Map(cases.map((c) => [`${c.schemaPointer} ${JSON.stringify(c.value)}`, c])).values()];

describe("examples in the document", () => {
  it("exist in number", () => {
    // A floor, so that a walker that silently finds nothing fails.
    expect(unique.length).toBeGreaterThanOrEqual(50);
    console.info(`examples checked against their schemas: ${unique.length} distinct (${cases.length} uses)`);
  });

  it.each(unique)("$where validates against its schema", ({ schemaPointer, value }) => {
    expect(value, "an example without a value").not.toBeUndefined();
    const errors = validate(schemaPointer, value);
    expect(errors, formatErrors(errors)).toEqual([]);
  });
});
