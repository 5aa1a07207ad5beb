// What a command costs from a shell: each started ROUNDS times as a user starts it (the built bin,
// a fresh process), timed to its answer (median). In one run, so that the ratios compare like with
// like: `--mock` on the sandbox in the process against `--mock --prism`; the sandbox's own command
// against sideconvo-mock to a listening port; the MCP server to its list of tools.
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { fmt, median } from "../../../scripts/bench/report.mjs";

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const bin = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const CLI = bin("cli/dist/cli.js");

/** Median wall time of a command that exits, in ms. */
function exits(args) {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    execFileSync(process.execPath, args, { stdio: "ignore" });
    runs.push(performance.now() - started);
  }
  return median(runs);
}

/** Median time from spawn to the line saying where it listens, in ms. */
async function listens(args) {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise((resolve, reject) => {
      let out = "";
      const read = (chunk) => {
        out += chunk;
        if (/listening on http/.test(out)) resolve();
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
      child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out}`)));
    });
    runs.push(performance.now() - started);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  return median(runs);
}

/** Median time from spawn to the MCP server's tools/list answered over stdio, in ms. */
async function mcpTools() {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const client = new Client({ name: "bench", version: "1" });
    await client.connect(
      new StdioClientTransport({ command: process.execPath, args: [bin("mcp/dist/bin.js")], stderr: "ignore" }),
    );
    await client.listTools();
    runs.push(performance.now() - started);
    await client.close();
  }
  return median(runs);
}

export async function commands() {
  const sandboxList = exits([CLI, "--mock", "list", "42"]);
  const prismList = exits([CLI, "--mock", "--prism", "list", "42"]);
  const sandboxUp = await listens([bin("sandbox/dist/node/cli.js"), "--port", "0"]);
  const mockUp = await listens([bin("mock/dist/cli.js"), "--port", "0"]);
  const mcp = await mcpTools();
  const version = exits([bin("mcp/dist/bin.js"), "--version"]);
  const ms = (value) => `${fmt(value)} ms`;
  const ratio = (value, base) => `${fmt(value / base, 2)}×`;
  return `## Commands

Median of ${ROUNDS} starts of each built bin in a fresh process, in one run (\`pnpm --filter @sideconvo/bench exec node src/run-one.mjs commands\`).

| command | until | time | ratio |
| --- | --- | --- | --- |
| \`sideconvo --mock --prism list 42\` (Prism, the stateless mock; baseline) | exit | ${ms(prismList)} | 1.00× |
| \`sideconvo --mock list 42\` (the sandbox in the process) | exit | ${ms(sandboxList)} | ${ratio(sandboxList, prismList)} (goal ≤ 500 ms: ${sandboxList <= 500 ? "met" : "**not met**"}) |
| \`sideconvo-mock --port 0\` (Prism behind the front; baseline) | listening | ${ms(mockUp)} | 1.00× |
| \`sideconvo-sandbox --port 0\` (no Prism) | listening | ${ms(sandboxUp)} | ${ratio(sandboxUp, mockUp)} |
| \`sideconvo-mcp\` on stdio, practice mode | \`tools/list\` answered | ${ms(mcp)} | |
| \`sideconvo-mcp --version\` | exit | ${ms(version)} | |
`;
}
