#!/usr/bin/env node
// `npm start` after set-up and build: the Prism mock of the spec and the docs site, side by side.
// Each server is started by the package that owns it; Ctrl-C stops both.
import { spawn } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const servers = [
  {
    name: "mock",
    filter: "@sideconvo/mock",
    url: "http://127.0.0.1:4010",
    probe: "/api/v2/tickets/1/side_conversations",
  },
  { name: "docs", filter: "@sideconvo/docs", url: "http://127.0.0.1:8080", probe: "/" },
];

const children = servers.map((server) => {
  // Each server in a process group of its own, so that stopping reaches the server itself and
  // not only the pnpm in front of it (pnpm does not pass SIGTERM on), however start is stopped.
  const child = spawn("pnpm", ["--silent", "--filter", server.filter, "serve"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(
        `[start] the ${server.name} server stopped (${signal ?? `exit code ${code}`}); stopping everything.`,
      );
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
    // Any HTTP answer means the server is up; the probe sends credentials so the mock logs no violation.
    if (
      await fetch(server.url + server.probe).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the ${server.name} server did not answer on ${server.url} within 30 s`);
}

try {
  await Promise.all(servers.map((server) => waitFor(server, Date.now() + 30_000)));
  console.log("\n  sideconvo is running:");
  console.log("    mock API   http://127.0.0.1:4010   (Prism, serving openapi/dist/openapi.json)");
  console.log("    docs site  http://127.0.0.1:8080   (guides and the API reference)\n");
  console.log("  Try: curl -u you@example.com/token:any http://127.0.0.1:4010/api/v2/tickets/42/side_conversations");
  console.log("  Ctrl-C stops both.\n");
} catch (error) {
  console.error(`[start] ${error.message}`);
  stop(1);
}
