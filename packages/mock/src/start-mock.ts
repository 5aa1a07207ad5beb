// Starts real Prism on the bundled spec and resolves once it listens. Never hangs: a Prism that
// exits or stays silent rejects with Prism's own words, and stop() always frees the port.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import type { SandboxData } from "@sideconvo/sandbox";
import { type SandboxServerOptions, startSandboxServer } from "@sideconvo/sandbox/node";
import { listenFront, type RunningFront } from "./front.js";

/** The stateful sandbox's options (see @sideconvo/sandbox/node): seed, data file, page size, rate limits, faults. */
export type SandboxOptions = Omit<SandboxServerOptions, "port" | "host" | "onLog" | "adminHosts">;

export interface SandboxControl {
  /** Back to the seed: state, rate-limit budgets and the fault sequence. */
  reset(): void;
  /** A copy of the state now. */
  snapshot(): SandboxData;
}

export interface MockOptions {
  /** The port; 0 picks a free one. Default 4010. */
  port?: number;
  /** The interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Generate responses from the schemas instead of serving the examples. Default false. */
  dynamic?: boolean;
  /** Answer requests (and, as a proxy, responses) that break the spec with errors. Default true. */
  errors?: boolean;
  /** Proxy to this upstream origin instead of mocking, validating what it answers. */
  upstream?: string;
  /** The OpenAPI document to serve. Default: the bundle of @sideconvo/openapi. */
  spec?: string;
  /** How long Prism may take to start. Default 60 000 ms (about 1 s alone; far more on a loaded CI machine). */
  startTimeoutMs?: number;
  /** Receives every line Prism prints (requests, violations). Default: discarded. */
  onLog?: (line: string) => void;
  /**
   * A stateful sandbox instead of the spec's fixed examples: creates, replies, closes, imports and
   * uploads change what later reads return. `true`, or its options. Not with `upstream`. This is
   * @sideconvo/sandbox's HTTP face, one process without Prism: `pid` is this process, `prismUrl` its URL.
   */
  stateful?: boolean | SandboxOptions;
}

export interface RunningMock {
  /** Where the mock listens, such as http://127.0.0.1:4010. */
  url: string;
  /**
   * The process that answers: Prism's (a child process), or, with `stateful`, this process (the
   * sandbox runs in it; no Prism is started).
   */
  pid: number;
  /**
   * Prism's own address behind the front (paths as the spec spells them, links unchanged); with
   * `stateful`, the sandbox's address (the same as `url`).
   */
  prismUrl: string;
  /** Stops Prism and waits until it has exited and the port is free. */
  stop(): Promise<void>;
  /** With `stateful`: reset the state to its seed, or read it. */
  sandbox?: SandboxControl;
}

export class MockStartError extends Error {
  override name = "MockStartError";
}

const require = createRequire(import.meta.url);
const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) child.kill("SIGKILL");
};
// Whatever happens to the parent, no Prism outlives it: on exit, and on the signals that end a
// process without an exit event (and on SIGKILL, through the launcher's IPC channel). Where nobody
// else handles the signal, it is raised again after the cleanup so that the process still ends as
// it would have. Installed while a Prism runs only: importing this module changes nothing.
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const onSignal = (signal: NodeJS.Signals) => {
  killAll();
  if (process.listenerCount(signal) === 1) {
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  }
};
function watch(child: ChildProcess): void {
  if (running.size === 0) {
    process.once("exit", killAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  running.add(child);
}
function unwatch(child: ChildProcess): void {
  running.delete(child);
  if (running.size === 0) {
    process.off("exit", killAll);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}

/**
 * Runs Prism (its CommonJS bin, the first argument) in the child, tied to this process by an IPC
 * channel. When this process goes, even by SIGKILL, which runs no cleanup here, the operating
 * system closes the channel; the child hears "disconnect" and exits, and the port is free again.
 */
const LAUNCHER = `process.on("disconnect", () => process.exit(0));
const [bin, ...args] = process.argv.slice(1);
process.argv = [process.argv[0], bin, ...args];
require(bin);`;

export function defaultSpec(): string {
  return require.resolve("@sideconvo/openapi/openapi.json");
}

function prismBin(): string {
  const manifest = require.resolve("@stoplight/prism-cli/package.json");
  const { bin } = require(manifest) as { bin: { prism: string } };
  return join(dirname(manifest), bin.prism);
}

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const { host = "127.0.0.1", dynamic = false, errors = true, upstream, startTimeoutMs = 60_000, onLog } = options;
  const spec = options.spec ?? defaultSpec();
  const port = options.port ?? 4010;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new MockStartError(`port must be an integer from 0 to 65535, got ${JSON.stringify(port)}`);
  }
  if (upstream !== undefined && !URL.canParse(upstream)) {
    throw new MockStartError(`upstream must be an absolute URL, got ${JSON.stringify(upstream)}`);
  }
  if (upstream !== undefined && options.stateful) {
    throw new MockStartError("stateful and upstream do not go together: the sandbox is its own upstream");
  }
  if (options.stateful) {
    try {
      const running = await startSandboxServer({
        ...(options.stateful === true ? {} : options.stateful),
        port,
        host,
        ...(onLog && { onLog }),
      });
      return {
        url: running.url,
        pid: process.pid,
        prismUrl: running.url,
        stop: running.stop,
        sandbox: { reset: () => running.sandbox.reset(), snapshot: () => running.sandbox.snapshot() },
      };
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (code === "EADDRINUSE")
        throw new MockStartError(`could not listen on ${host}:${port}: EADDRINUSE, the port is in use`);
      throw new MockStartError(`the sandbox cannot start: ${code ?? message}`);
    }
  }
  // The front (front.ts) takes the asked-for port; Prism listens on a free loopback port behind it.
  let front: RunningFront;
  try {
    front = await listenFront({ host, port });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === "EADDRINUSE" ? "EADDRINUSE, the port is in use" : (code ?? message);
    throw new MockStartError(`could not listen on ${host}:${port}: ${why}`);
  }
  const spawnArgs = (prismPort: number) => {
    const args = [prismBin(), upstream ? "proxy" : "mock", spec, ...(upstream ? [upstream] : [])];
    args.push("--host", "127.0.0.1", "--port", String(prismPort), `--errors=${errors}`);
    // Prism logs each request at info level, which costs it a third to a half of its throughput:
    // only when someone reads the log. Violations and failures are warnings and errors, kept.
    args.push("--verboseLevel", onLog ? "info" : "warn");
    if (!upstream) args.push(`--dynamic=${dynamic}`);
    return args;
  };

  const startPrism = async () => {
    const prismPort = await freePort("127.0.0.1");
    return launchPrism(spawnArgs(prismPort), prismPort, startTimeoutMs, onLog);
  };
  let prism: Prism;
  try {
    prism = await startPrism();
  } catch (error) {
    await front.close();
    throw error;
  }
  front.target(prism.url);

  // A Prism that exits while serving (it has, on one malformed request) is started again, said
  // once each time; the front answers 503 meanwhile. Past RESTART_LIMIT in a minute it stays down
  // and the front says why.
  let stopping = false;
  const restarts: number[] = [];
  const supervise = (current: Prism) => {
    void current.exited.then(async ({ code, signal }) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while ((restarts[0] as number) < now - 60_000) restarts.shift();
      const why = `Prism exited (${signal ?? `code ${code}`})`;
      front.target(undefined, `${why}; the mock is starting it again`);
      if (restarts.length > RESTART_LIMIT) {
        front.target(undefined, `${why} ${restarts.length} times in a minute; the mock gave up: restart it`);
        say(`${why} ${restarts.length} times in a minute; not restarted again`);
        return;
      }
      say(`${why} while serving; restarting it`);
      try {
        prism = await startPrism();
      } catch (error) {
        front.target(undefined, `${why} and could not be started again: ${(error as Error).message}`);
        say(`${why} and could not be started again: ${(error as Error).message}`);
        return;
      }
      if (stopping) {
        await prism.stop();
        return;
      }
      front.target(prism.url);
      supervise(prism);
    });
  };
  const say = (line: string) => (onLog ?? ((text: string) => process.stderr.write(`sideconvo-mock: ${text}\n`)))(line);
  supervise(prism);

  return {
    url: front.url,
    get pid() {
      return prism.pid;
    },
    get prismUrl() {
      return prism.url;
    },
    stop: async () => {
      stopping = true;
      await front.close();
      await prism.stop();
    },
  };
}

/** How many times in a minute a Prism that exits is started again before the mock gives up. */
const RESTART_LIMIT = 5;

interface Prism {
  url: string;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Starts one Prism and resolves once its port takes a connection; rejects with Prism's own words. */
function launchPrism(
  args: string[],
  prismPort: number,
  startTimeoutMs: number,
  onLog?: (line: string) => void,
): Promise<Prism> {
  const child = spawn(process.execPath, ["-e", LAUNCHER, ...args], { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  watch(child);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  void exited.then(() => unwatch(child));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };

  const recent: string[] = [];
  return new Promise<Prism>((resolve, reject) => {
    let ready = false;
    let settled = false;
    const fail = (problem: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() => reject(new MockStartError(`${problem}${explain(recent)}`)));
    };
    const timer = setTimeout(() => fail(`Prism did not start within ${startTimeoutMs} ms`), startTimeoutMs);
    // Prism logs every request once it runs: keep reading, or a full pipe would stall it.
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = "";
      // Both are pipes (spawned with "pipe" above), never null.
      stream?.setEncoding("utf8").on("data", (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const raw of lines) {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colours Prism prints
          const line = raw.replace(/\u001b\[[0-9;]*m/g, "").trimEnd();
          onLog?.(line);
          if (ready) continue;
          recent.push(line);
          if (recent.length > 200) recent.shift();
        }
      });
    }
    // Ready when its port takes a connection (a log line may not come at warn level).
    const poll = () => {
      if (ready || settled) return;
      const socket = connect(prismPort, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        if (ready || settled) return;
        ready = true;
        settled = true;
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${prismPort}`, pid: child.pid as number, exited, stop });
      });
      socket.once("error", () => {
        socket.destroy();
        setTimeout(poll, 25);
      });
    };
    poll();
    child.once("error", (error) => fail(`could not start Prism: ${error.message}`));
    child.once("exit", (code, signal) => {
      if (!ready) fail(`Prism exited (${signal ?? `code ${code}`}) before it was listening on 127.0.0.1:${prismPort}`);
    });
  });
}

/** Prism's own words about why it stopped: its error lines, without the usage text it prints. */
function explain(lines: string[]): string {
  const meaningful = lines.filter(
    (line) => /error|EADDR|ENOENT|EACCES|cannot|failed|invalid|not found/i.test(line) && !/^\s{2,}/.test(line),
  );
  const chosen = (meaningful.length ? meaningful : lines.filter((line) => line.trim())).slice(-3);
  return chosen.length ? `: ${chosen.map((line) => line.trim()).join(" | ")}` : "";
}
