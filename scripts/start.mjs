#!/usr/bin/env node
// `npm start` after set-up and build: the Prism mock of the spec and the docs site, side by side.
// Each server is started by the package that owns it; Ctrl-C stops both.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;

// Ports: --mock-port/--docs-port (`npm start -- --mock-port 4020`) or MOCK_PORT/DOCS_PORT.
let flags;
try {
  ({ values: flags } = parseArgs({ options: { "mock-port": { type: "string" }, "docs-port": { type: "string" } } }));
} catch (error) {
  console.error(`[start] ${error.message}; the flags are --mock-port N and --docs-port N`);
  process.exit(2);
}
function port(flag, variable, fallback) {
  const raw = flags[flag] ?? process.env[variable] ?? String(fallback);
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65_535) {
    console.error(`[start] --${flag} (or ${variable}) must be a port from 1 to 65535, got "${raw}"`);
    process.exit(2);
  }
  return Number(raw);
}
const mockPort = port("mock-port", "MOCK_PORT", 4010);
const docsPort = port("docs-port", "DOCS_PORT", 8080);

const servers = [
  {
    name: "mock API",
    filter: "@sideconvo/mock",
    args: ["--port", String(mockPort)],
    env: {},
    port: mockPort,
    flag: "--mock-port",
    variable: "MOCK_PORT",
    url: `http://127.0.0.1:${mockPort}`,
    probe: "/api/v2/tickets/1/side_conversations",
  },
  {
    name: "docs site",
    filter: "@sideconvo/docs",
    args: [],
    env: { PORT: String(docsPort) },
    port: docsPort,
    flag: "--docs-port",
    variable: "DOCS_PORT",
    url: `http://127.0.0.1:${docsPort}`,
    probe: "/",
  },
];

/** Whether nothing listens on the port yet (loopback, as the servers bind). */
const free = (number) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(number, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
if (mockPort === docsPort) {
  console.error(
    `[start] the mock API and the docs site cannot share port ${mockPort}: give one --mock-port or --docs-port`,
  );
  process.exit(2);
}
for (const server of servers) {
  if (!(await free(server.port))) {
    console.error(
      `[start] port ${server.port} (${server.name}) is taken: stop what uses it, or choose another with ${server.flag} N (npm start -- ${server.flag} N) or ${server.variable}=N.`,
    );
    process.exit(1);
  }
}

const children = servers.map((server) => {
  // Each server in a process group of its own, so that stopping reaches the server itself and
  // not only the pnpm in front of it (pnpm does not pass SIGTERM on), however start is stopped.
  const child = spawn("pnpm", ["--silent", "--filter", server.filter, "serve", ...server.args], {
    cwd: root,
    env: { ...process.env, ...server.env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[start] the ${server.name} stopped (${signal ?? `exit code ${code}`}); stopping everything.`);
      stop(1);
    }
  });
  return child;
});

let stopping = false;
function stop(code) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) killGroup(child);
  setTimeout(() => process.exit(code), 200).unref();
  Promise.all(
    children.map((child) => (child.exitCode === null ? new Promise((resolve) => child.on("exit", resolve)) : null)),
  ).then(() => process.exit(code));
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) killGroup(child);
});

function killGroup(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

async function waitFor(server, deadline) {
  while (Date.now() < deadline) {
    // An answer other than 503 means the server is up (the mock's front answers 503 until Prism is
    // ready); the probe sends credentials so the mock logs no violation.
    const answered = await fetch(server.url + server.probe, {
      headers: { authorization: `Basic ${btoa("start@example.com/token:any")}` },
    }).then(
      (response) => response.status !== 503,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the ${server.name} did not answer on ${server.url} within 60 s`);
}

try {
  await Promise.all(servers.map((server) => waitFor(server, Date.now() + 60_000)));
  console.log("\n  sideconvo is running:");
  console.log(`    mock API   ${servers[0].url}   (Prism, serving openapi/dist/openapi.json)`);
  console.log(`    docs site  ${servers[1].url}   (guides and the API reference)\n`);
  console.log(`  Try: curl -u you@example.com/token:any ${servers[0].url}/api/v2/tickets/42/side_conversations`);
  console.log("  Ctrl-C stops both.\n");
} catch (error) {
  console.error(`[start] ${error.message}`);
  stop(1);
}
