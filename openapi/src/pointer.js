// JSON Pointers (RFC 6901) and the document's local `$ref`s, for every package that reads the
// bundle: one escaping rule (`~0` for `~`, `~1` for `/`) and one way of following a `$ref`.

/** One key as a pointer segment. */
export const escapeSegment = (key) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/** One pointer segment as its key. */
export const unescapeSegment = (segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~");

/** The keys a pointer names: `#/components/schemas/A~1B` → ["components", "schemas", "A/B"]. */
export const keysOf = (pointer) =>
  pointer === "" || pointer === "#" ? [] : pointer.replace(/^#?\//, "").split("/").map(unescapeSegment);

/** A pointer to these keys, in the `#/...` form `$ref`s use. */
export const pointerTo = (keys) => `#/${keys.map(escapeSegment).join("/")}`;

/** What the pointer names in the document, or undefined where nothing is. */
export function at(document, pointer) {
  let node = document;
  for (const key of keysOf(pointer)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[key];
  }
  return node;
}

/** The node with its local `$ref`s followed (a chain of them too); a `$ref` elsewhere is refused. */
export function deref(document, node) {
  let current = node;
  for (let hops = 0; current && typeof current.$ref === "string"; hops++) {
    if (!current.$ref.startsWith("#")) throw new Error(`only local $refs are followed, got ${current.$ref}`);
    if (hops > 64) throw new Error(`$ref ${current.$ref} goes round in a circle`);
    current = at(document, current.$ref);
  }
  return current;
}
