// The HTTP face: the engine behind Node's `http`, one process, no Prism. It turns each request into
// a Fetch `Request`, the engine's `Response` back into bytes, and acts out the transport faults the
// engine decides (a connection reset, an answer cut halfway).
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createSandbox,
  hostnameOf,
  type Incoming,
  MAX_BODY_BYTES,
  type Sandbox,
  type SandboxOptions,
} from "../engine/engine.js";
import { checkData, type SandboxData, SandboxDataError, State } from "../engine/state.js";
import { Journal, loadDataFile, lockDataFile } from "./journal.js";

export interface SandboxServerOptions extends Omit<SandboxOptions, "seed" | "initial" | "onChange" | "onReset"> {
  /** What the sandbox starts with: the spec's examples (default), nothing, a JSON file, or data. */
  seed?: "examples" | "empty" | string | SandboxData;
  /** A file that keeps the state across restarts: an append-only journal, compacted at each start. */
  data?: string;
  /** The port; 0 picks a free one. Default 4010. */
  port?: number;
  /** The interface to listen on. Default 127.0.0.1. */
  host?: string;
  /**
   * Told what the sandbox noticed (a data file's last line cut short by a crash, lines set aside by
   * `recover`) and each fault of its own (a 500, with its request id).
   */
  onLog?: (line: string) => void;
  /** Start from a data file with lines that do not load: keep the rest, move those to `<data>.rejected`. */
  recover?: boolean;
  /**
   * How long a connection may take: to send its headers (default 10 s), its whole request
   * (default 30 s), and to stay open idle between requests (default 5 s).
   */
  timeouts?: { headersMs?: number; requestMs?: number; idleMs?: number };
}

export interface RunningSandboxServer {
  /** Where it listens, such as http://127.0.0.1:4010. */
  url: string;
  server: Server;
  sandbox: Sandbox;
  /** Stops listening, ends every connection and closes the data file. */
  stop(): Promise<void>;
}

/** A seed given as a file name: read and checked, each problem naming the file. */
export function readSeed(seed: SandboxServerOptions["seed"]): SandboxOptions["seed"] {
  if (typeof seed !== "string" || seed === "examples" || seed === "empty") return seed;
  let text: string;
  try {
    text = readFileSync(seed, "utf8");
  } catch (error) {
    throw new SandboxDataError(
      `seed ${seed}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  try {
    return checkData(JSON.parse(text), `seed ${seed}`);
  } catch (error) {
    if (error instanceof SandboxDataError) throw error;
    throw new SandboxDataError(`seed ${seed}: not JSON (${(error as Error).message})`);
  }
}

/** An answer made here, not by the engine (a request it cannot be given, or a fault of the face). */
function plainAnswer(outgoing: ServerResponse, status: number, title: string, message: string) {
  const text = JSON.stringify({ error: { title, message } });
  if (outgoing.headersSent) {
    outgoing.destroy();
    return;
  }
  outgoing.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  outgoing.end(text);
}

/**
 * Serves Node's requests through the engine's `answer`: its own bytes in, its own bytes out.
 * Nothing a request sends can throw out of it: a `Host` that is not a host is a 400, and anything
 * unexpected a 500 that is logged, while the process goes on serving.
 */
export function nodeHandler(answer: Sandbox["answer"], base: () => string, onLog?: (line: string) => void) {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    incoming.on("error", () => incoming.destroy()); // a client that went away mid-body
    const method = incoming.method ?? "GET";
    const host = incoming.headers.host ?? base();
    const target = incoming.url ?? "/";
    const url = `http://${host}${target.startsWith("/") ? target : `/${target}`}`;
    if (hostnameOf(host) === undefined) {
      incoming.resume();
      plainAnswer(
        outgoing,
        400,
        "Invalid request",
        `The Host header is not a host: ${JSON.stringify(host.slice(0, 100))}`,
      );
      return;
    }
    const fail = (error: unknown) => {
      onLog?.(`sandbox error on ${method}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        plainAnswer(outgoing, 500, "Sandbox error", "The sandbox could not answer; it logged why");
      } catch {
        outgoing.destroy();
      }
    };
    const header = (name: string) => {
      const value = incoming.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    };
    const respond = (body: Buffer) => {
      const request: Incoming = {
        method,
        url,
        header,
        text: async () => body.toString("utf8"),
        // Rare (uploads): the Fetch API's multipart parser, through a Request made for it.
        formData: () =>
          new Request(url, {
            method,
            headers: incoming.headers as Record<string, string>,
            body: new Uint8Array(body),
          }).formData(),
      };
      answer(request)
        .then((answered) => {
          if (answered.transport === "reset") {
            incoming.socket.destroy();
            return;
          }
          if (answered.body !== null && typeof answered.body !== "string") {
            outgoing.writeHead(answered.status, answered.headers);
            return sendChunks(outgoing, answered.body);
          }
          const bytes = answered.body === null ? EMPTY : Buffer.from(answered.body);
          outgoing.writeHead(answered.status, { ...answered.headers, "content-length": String(bytes.length) });
          if (answered.transport === "cut")
            outgoing.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => outgoing.destroy());
          else outgoing.end(bytes);
        })
        .catch(fail);
    };
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") {
      incoming.resume();
      respond(EMPTY);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES + 1) chunks.push(chunk);
    });
    incoming.on("end", () => {
      if (size > MAX_BODY_BYTES) {
        const text = JSON.stringify({
          error: {
            title: "Request too large",
            message: `The request body is ${size} bytes, over the sandbox's ${MAX_BODY_BYTES}`,
          },
        });
        outgoing.writeHead(413, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(text),
        });
        outgoing.end(text);
        return;
      }
      respond(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
  };
}

const EMPTY = Buffer.alloc(0);

/**
 * Sends a body made in chunks one at a time, the event loop free between them (other requests
 * are answered meanwhile), waiting for the socket to drain when it is full. A client that goes
 * away stops the making of the rest.
 */
async function sendChunks(outgoing: ServerResponse, chunks: Iterable<string>): Promise<void> {
  const closed = new Promise<void>((resolve) => outgoing.once("close", resolve));
  for (const chunk of chunks) {
    if (outgoing.destroyed) return;
    if (!outgoing.write(chunk)) await Promise.race([once(outgoing, "drain"), closed]);
    // Back to the event loop every time: a socket that drains at once ('drain' in the same tick,
    // as on loopback) would otherwise keep this loop in microtasks, and no other request in.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (!outgoing.destroyed) outgoing.end();
}

export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<RunningSandboxServer> {
  const {
    port = 4010,
    host = "127.0.0.1",
    data,
    onLog,
    recover,
    timeouts = {},
    seed: seedOption,
    ...engineOptions
  } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SandboxDataError(`port must be an integer from 0 to 65535, got ${JSON.stringify(port)}`);
  const seed = readSeed(seedOption);
  const unlock = data ? lockDataFile(data) : undefined;
  let loaded: ReturnType<typeof loadDataFile>;
  try {
    loaded = loadDataFile(data, { recover: recover === true });
  } catch (error) {
    unlock?.();
    throw error;
  }
  if (loaded?.tornLine) onLog?.(`${data}: its last line was cut short (a crash while writing it) and is left out`);
  if (loaded?.setAside)
    onLog?.(
      `${data}: ${loaded.setAside.lines.length} line(s) did not load (line ${loaded.setAside.lines.join(", ")}) and were moved to ${loaded.setAside.file}; the rest is kept`,
    );
  let journal: Journal | undefined;
  let bound = "";
  const sandbox = createSandbox({
    ...engineOptions,
    ...(seed !== undefined && { seed }),
    ...(loaded && { initial: loaded.state }),
    adminHosts: "loopback",
    recordOrigin: () => `http://${bound}`,
    ...(onLog && { onError: onLog }),
    ...(data && {
      onChange: (change) => journal?.append(change),
      onReset: (fresh) => journal?.restart(fresh),
    }),
  });
  if (data) journal = new Journal(data, loaded?.state ?? new State(sandbox.snapshot()));
  // A slow or idle connection is closed, so that a few sockets left open cannot hold it forever.
  const headersTimeout = timeouts.headersMs ?? 10_000;
  const requestTimeout = timeouts.requestMs ?? 30_000;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      keepAliveTimeout: timeouts.idleMs ?? 5_000,
      // Node checks the two timeouts above this often (its default, 30 s, would let them run long).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, headersTimeout / 4)),
    },
    nodeHandler(sandbox.answer, () => bound, onLog),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    journal?.close();
    unlock?.();
    throw error;
  }
  const address = server.address() as AddressInfo;
  bound = `${host.includes(":") ? `[${host}]` : host}:${address.port}`;
  return {
    url: `http://${bound}`,
    server,
    sandbox,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          journal?.close();
          journal = undefined;
          unlock?.();
          resolve();
        });
      }),
  };
}
