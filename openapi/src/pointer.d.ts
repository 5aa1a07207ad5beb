/** One key as a pointer segment. */
export declare const escapeSegment: (key: string) => string;
/** One pointer segment as its key. */
export declare const unescapeSegment: (segment: string) => string;
/** The keys a pointer names: `#/components/schemas/A~1B` → ["components", "schemas", "A/B"]. */
export declare const keysOf: (pointer: string) => string[];
/** A pointer to these keys, in the `#/...` form `$ref`s use. */
export declare const pointerTo: (keys: string[]) => string;
/** What the pointer names in the document, or undefined where nothing is. */
export declare function at(document: unknown, pointer: string): unknown;
/** The node with its local `$ref`s followed (a chain of them too); a `$ref` elsewhere is refused. */
export declare function deref<T = unknown>(document: unknown, node: unknown): T;
