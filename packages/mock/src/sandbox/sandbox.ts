// The stateful sandbox, put together: the state (store.ts) served by a loopback state server
// (server.ts), which Prism proxies in front of (so Prism checks every request and answer as in the
// contract tests), behind the mock's front with the sandbox's gate (gate.ts) and admin routes.
import { readFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type FaultOptions, Gate, type RateLimitOptions } from "./gate.js";
import { createSandboxServer } from "./server.js";
import { checkData, emptyData, examplesData, type Json, type SandboxData, SandboxDataError, Store } from "./store.js";

export interface SandboxOptions {
  /** What the sandbox starts with: the spec's examples (default), nothing, a JSON file, or data. */
  seed?: "examples" | "empty" | string | SandboxData;
  /** A JSON file that keeps the state across restarts: read at start when it exists, written after each change. */
  data?: string;
  /** Events per page of the incremental export. Default 1000, as the API. */
  exportPageSize?: number;
  /** The API's rate limits, enforced: true, or options (a time scale, other limits). Default off. */
  rateLimits?: boolean | RateLimitOptions;
  /** Faults on demand, deterministic from a seed. Default off. */
  faults?: FaultOptions;
}

export interface SandboxControl {
  /** Back to the seed: state, rate-limit budgets and the fault sequence. */
  reset(): void;
  /** A copy of the state now. */
  snapshot(): SandboxData;
}

export interface RunningSandbox extends SandboxControl {
  /** The state server's origin, for Prism to proxy to. */
  upstream: string;
  gate: Gate;
  /** Answers /__sandbox/reset (POST) and /__sandbox/state (GET), and 404 for anything else there. */
  admin(incoming: IncomingMessage, outgoing: ServerResponse): void;
  close(): Promise<void>;
}

function seedData(seed: SandboxOptions["seed"], spec: Json): SandboxData {
  if (seed === undefined || seed === "examples") return examplesData(spec);
  if (seed === "empty") return emptyData();
  if (typeof seed === "string") {
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
  return checkData(seed, "seed");
}

export function checkSandboxOptions(options: SandboxOptions): void {
  const { exportPageSize, faults, rateLimits } = options;
  if (exportPageSize !== undefined && (!Number.isInteger(exportPageSize) || exportPageSize < 1))
    throw new SandboxDataError(`exportPageSize must be a positive integer, got ${JSON.stringify(exportPageSize)}`);
  if (faults !== undefined && !(typeof faults.rate === "number" && faults.rate >= 0 && faults.rate <= 1))
    throw new SandboxDataError(`faults.rate must be a number from 0 to 1, got ${JSON.stringify(faults.rate)}`);
  const scale = typeof rateLimits === "object" ? rateLimits.timeScale : undefined;
  if (scale !== undefined && !(typeof scale === "number" && scale > 0 && Number.isFinite(scale)))
    throw new SandboxDataError(`rateLimits.timeScale must be a positive number, got ${JSON.stringify(scale)}`);
}

export async function startSandbox(
  options: SandboxOptions,
  specFile: string,
  origin: () => string,
): Promise<RunningSandbox> {
  checkSandboxOptions(options);
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as Json;
  const store = new Store({ seed: seedData(options.seed, spec), file: options.data });
  const rates = options.rateLimits === true ? {} : options.rateLimits || undefined;
  const gate = new Gate(spec, rates, options.faults);
  const server: Server = createSandboxServer({
    store,
    origin,
    ...(options.exportPageSize !== undefined && { exportPageSize: options.exportPageSize }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const reset = () => {
    store.reset();
    gate.reset();
  };
  const snapshot = () => structuredClone(store.data);
  return {
    upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    gate,
    reset,
    snapshot,
    admin(incoming, outgoing) {
      const path = incoming.url?.split("?")[0];
      const answer = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        outgoing.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        outgoing.end(text);
      };
      if (path === "/__sandbox/reset" && incoming.method === "POST") {
        reset();
        answer(200, { reset: true });
      } else if (path === "/__sandbox/state" && incoming.method === "GET") answer(200, snapshot());
      else
        answer(404, {
          error: "RecordNotFound",
          description: "The sandbox has POST /__sandbox/reset and GET /__sandbox/state",
        });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
