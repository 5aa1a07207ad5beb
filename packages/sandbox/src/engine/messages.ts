// What the engine reads and what it answers, without the Fetch objects: the shapes every face (the
// HTTP face, `handle`) and the resources share, in a file of their own so that the engine and its
// resources do not import each other.
/**
 * A request as the engine reads it: what it uses of a Fetch `Request`. `handle` makes one of a
 * `Request`; the HTTP face makes one of Node's request directly, because building a `Request` and
 * a `Response` (their streams) for each call costs more than the engine takes to answer.
 */
export interface Incoming {
  method: string;
  /** The absolute URL. */
  url: string;
  /** A header's value, or null. */
  header(name: string): string | null;
  text(): Promise<string>;
  formData(): Promise<FormData>;
}

/** An answer as the engine makes it, before it becomes a `Response`. */
export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  /**
   * The body's text; or, for an answer that can be large (the state dump), its text in chunks, to
   * send one at a time with the event loop free between them (`bodyChunks` and `bodyStream` do).
   */
  body: string | null | Iterable<string>;
  /** A fault on demand the face acts out: `reset` (answer nothing) or `cut` (stop halfway). */
  transport?: "reset" | "cut";
}
