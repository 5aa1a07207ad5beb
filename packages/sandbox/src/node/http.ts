// The HTTP face: the engine behind Node's `http`, one process, no Prism. It turns each request into
// a Fetch `Request`, the engine's `Response` back into bytes, and acts out the transport faults the
// engine decides (a connection reset, an answer cut halfway).
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createSandbox, type Incoming, MAX_BODY_BYTES, type Sandbox, type SandboxOptions } from "../engine/engine.js";
import { checkData, type SandboxData, SandboxDataError } from "../engine/state.js";
import { Journal, loadDataFile } from "./journal.js";

export interface SandboxServerOptions extends Omit<SandboxOptions, "seed" | "initial" | "onChange" | "onReset"> {
  /** What the sandbox starts with: the spec's examples (default), nothing, a JSON file, or data. */
  seed?: "examples" | "empty" | string | SandboxData;
  /** A file that keeps the state across restarts: an append-only journal, compacted at each start. */
  data?: string;
  /** The port; 0 picks a free one. Default 4010. */
  port?: number;
  /** The interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Told what the sandbox noticed at start (a data file's last line cut short by a crash). */
  onLog?: (line: string) => void;
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

/** Serves Node's requests through the engine's `answer`: its own bytes in, its own bytes out. */
export function nodeHandler(answer: Sandbox["answer"], base: () => string) {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = incoming.method ?? "GET";
    const url = `http://${incoming.headers.host ?? base()}${incoming.url ?? "/"}`;
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
      void answer(request).then((answered) => {
        if (answered.transport === "reset") {
          incoming.socket.destroy();
          return;
        }
        const bytes = answered.body === null ? EMPTY : Buffer.from(answered.body);
        outgoing.writeHead(answered.status, { ...answered.headers, "content-length": String(bytes.length) });
        if (answered.transport === "cut")
          outgoing.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => outgoing.destroy());
        else outgoing.end(bytes);
      });
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

export async function startSandboxServer(options: SandboxServerOptions = {}): Promise<RunningSandboxServer> {
  const { port = 4010, host = "127.0.0.1", data, onLog, seed: seedOption, ...engineOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new SandboxDataError(`port must be an integer from 0 to 65535, got ${JSON.stringify(port)}`);
  const seed = readSeed(seedOption);
  const loaded = loadDataFile(data);
  if (loaded?.tornLine) onLog?.(`${data}: its last line was cut short (a crash while writing it) and is left out`);
  let journal: Journal | undefined;
  const sandbox = createSandbox({
    ...engineOptions,
    ...(seed !== undefined && { seed }),
    ...(loaded && { initial: loaded.data }),
    adminHosts: "loopback",
    ...(data && {
      onChange: (change) => journal?.append(change),
      onReset: (fresh) => journal?.restart(fresh),
    }),
  });
  if (data) journal = new Journal(data, sandbox.snapshot());
  let bound = "";
  const server = createServer(nodeHandler(sandbox.answer, () => bound));
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
          resolve();
        });
      }),
  };
}
