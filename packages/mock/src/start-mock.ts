// Starts real Prism on the bundled spec and resolves once it listens. Never hangs: a Prism that
// exits or stays silent rejects with Prism's own words, and stop() always frees the port.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { listenFront, type RunningFront } from "./front.js";
import { translateProblem } from "./sandbox/problems.js";
import { type RunningSandbox, type SandboxControl, type SandboxOptions, startSandbox } from "./sandbox/sandbox.js";

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
   * uploads change what later reads return. `true`, or its options. Not with `upstream`.
   */
  stateful?: boolean | SandboxOptions;
}

export interface RunningMock {
  /** Where the mock listens, such as http://127.0.0.1:4010. */
  url: string;
  /** The Prism process id. */
  pid: number;
  /** Prism's own address behind the front (paths as the spec spells them, links unchanged). */
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
// process without an exit event (and on SIGKILL, through the launcher's IPC channel). Where nobody else handles the signal, it is raised again after
// the cleanup so that the process still ends as it would have.
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  const onSignal = () => {
    killAll();
    if (process.listenerCount(signal) === 1) {
      process.off(signal, onSignal);
      process.kill(process.pid, signal);
    }
  };
  process.on(signal, onSignal);
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
  // The sandbox's state server first: Prism proxies to it, checking what goes in and out.
  let sandbox: RunningSandbox | undefined;
  let publicUrl = "";
  if (options.stateful) {
    try {
      sandbox = await startSandbox(options.stateful === true ? {} : options.stateful, spec, () => publicUrl);
    } catch (error) {
      throw new MockStartError(`the sandbox cannot start: ${(error as Error).message}`);
    }
  }
  const target = upstream ?? sandbox?.upstream;
  // The front (front.ts) takes the asked-for port; Prism listens on a free loopback port behind it.
  let front: RunningFront;
  try {
    front = await listenFront({
      host,
      port,
      ...(sandbox && {
        gate: sandbox.gate,
        admin: sandbox.admin.bind(sandbox),
        translate: translateProblem,
        // Prism's proxy decodes a multipart body as UTF-8 text, which corrupts a binary file: an
        // upload goes to the state server directly, which reads the form itself.
        bypass: (incoming) =>
          /^multipart\//i.test(String(incoming.headers["content-type"] ?? "")) ? sandbox?.upstream : undefined,
      }),
    });
  } catch (error) {
    await sandbox?.close();
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === "EADDRINUSE" ? "EADDRINUSE, the port is in use" : (code ?? message);
    throw new MockStartError(`could not listen on ${host}:${port}: ${why}`);
  }
  publicUrl = front.url;
  const prismPort = await freePort("127.0.0.1");

  const args = [prismBin(), target ? "proxy" : "mock", spec, ...(target ? [target] : [])];
  args.push("--host", "127.0.0.1", "--port", String(prismPort), `--errors=${errors}`);
  if (!target) args.push(`--dynamic=${dynamic}`);
  const child = spawn(process.execPath, ["-e", LAUNCHER, ...args], { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  running.add(child);

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(child));
  const stop = async () => {
    await front.close();
    await sandbox?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };

  const recent: string[] = [];
  return new Promise<RunningMock>((resolve, reject) => {
    let ready = false;
    const fail = (problem: string) => {
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
          if (/Prism is listening on/.test(line)) {
            ready = true;
            clearTimeout(timer);
            const prismUrl = `http://127.0.0.1:${prismPort}`;
            front.target(prismUrl);
            resolve({
              url: front.url,
              pid: child.pid as number,
              prismUrl,
              stop,
              ...(sandbox && { sandbox: { reset: sandbox.reset, snapshot: sandbox.snapshot } }),
            });
          }
        }
      });
    }
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
