// Ajv's errors for a value that fails a `oneOf`/`anyOf`: one error for every branch that failed,
// most of them about shapes the value never meant to have. Kept: the errors of the branch that came
// closest (the fewest errors), which say what to fix. One rule for every reader of the spec's
// validators (the sandbox's refusals, verify's findings).

/** The schema an error came from, as its branch: its schema path without the failing keyword. */
const branchOf = (error) => error.schemaPath.replace(/\/[^/]+$/, "");

/**
 * The errors worth saying: outside the unions as they are; under a failed union, only those of its
 * closest branch; the union's own error only where no branch complained (two branches matched).
 * With `sameSchema`, an error counts as the union's only if its schema path is under the union's
 * (validators compiled with `$ref`s inlined); without it, by instance path alone (validators whose
 * errors inside a referenced schema carry that schema's own path).
 */
export function closestBranch(errors, { sameSchema = false } = {}) {
  let kept = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "anyOf");
  const unions = errors
    .filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf")
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  for (const union of unions) {
    const inside = kept.filter(
      (e) =>
        e.instancePath.startsWith(union.instancePath) && (!sameSchema || e.schemaPath.startsWith(union.schemaPath)),
    );
    if (!inside.length) {
      kept.push(union);
      continue;
    }
    const branches = new Map();
    for (const error of inside) branches.set(branchOf(error), [...(branches.get(branchOf(error)) ?? []), error]);
    const closest = [...branches.values()].sort((a, b) => a.length - b.length)[0] ?? [];
    kept = kept.filter((e) => !inside.includes(e) || closest.includes(e));
  }
  return kept;
}
