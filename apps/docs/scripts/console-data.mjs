// What the console needs to know of each operation, taken from the spec at build time so the page
// does not load the 170 kB spec: method, path, parameters (with the spec's examples) and the
// request body's examples, $refs followed.
import { operationRoute } from "./checks.mjs";
import { deref, operationsOf } from "./tool-pages.mjs";

/** A parameter's inputs: one, or one per property of a deepObject (`page[size]`, `page[after]`). */
function fields(spec, parameter) {
  const p = deref(spec, parameter);
  const schema = deref(spec, p.schema) ?? {};
  const short = (p.description ?? "")
    .split(/\n\n|\. /)[0]
    .replace(/\s+/g, " ")
    .trim();
  if (p.style === "deepObject" && schema.type === "object")
    return Object.entries(schema.properties ?? {}).map(([key, property]) => ({
      name: `${p.name}[${key}]`,
      param: p.name,
      key,
      in: p.in,
      required: false,
      type: property.type,
      description: property.description ?? short,
      example: p.example?.[key] === undefined ? "" : String(p.example[key]),
    }));
  return [
    {
      name: p.name,
      in: p.in,
      required: Boolean(p.required),
      type: schema.type,
      ...(schema.enum ? { enum: schema.enum } : {}),
      description: short,
      example: p.example === undefined ? "" : String(p.example),
    },
  ];
}

/** The operations as the console shows them, in the spec's order. */
export function consoleOperations(spec) {
  return operationsOf(spec).map(({ method, path, op }) => {
    const body = deref(spec, op.requestBody);
    const [type, media] = Object.entries(body?.content ?? {})[0] ?? [];
    return {
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      summary: op.summary ?? op.operationId,
      tag: op.tags?.[0] ?? "",
      route: operationRoute(op),
      fields: (op.parameters ?? []).flatMap((parameter) => fields(spec, parameter)),
      ...(type
        ? {
            body: {
              type,
              examples: Object.entries(media.examples ?? {}).map(([name, example]) => {
                const resolved = deref(spec, example);
                return { name, summary: resolved.summary ?? name, value: resolved.value };
              }),
            },
          }
        : {}),
    };
  });
}
