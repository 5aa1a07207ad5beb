// Two clients that are not ours: the official MCP conformance suite against the Streamable HTTP face
// of the built bin (expected failures listed, with the reason for each, in conformance-baseline.yml;
// the suite also fails an entry that starts passing), and the MCP Inspector's CLI over stdio.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, startHttpBin } from "./support/bin.js";
import { TOOL_NAMES } from "./support/tools.js";

const run = promisify(execFile);
const resolveBin = (path: string) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));
const CONFORMANCE = resolveBin("@modelcontextprotocol/conformance/dist/index.js");
const INSPECTOR = resolveBin("@modelcontextprotocol/inspector/clients/launcher/build/index.js");
const BASELINE = fileURLToPath(new URL("./conformance-baseline.yml", import.meta.url));

describe("the official conformance suite, against the Streamable HTTP face", () => {
  let server: Awaited<ReturnType<typeof startHttpBin>>;
  beforeAll(async () => {
    server = await startHttpBin();
  });
  afterAll(() => {
    server.child.kill("SIGTERM");
  });

  it("passes every scenario but the listed fixture ones", async () => {
    const { stdout } = await run(
      process.execPath,
      [CONFORMANCE, "server", "--url", server.url, "--expected-failures", BASELINE],
      { timeout: 240_000, maxBuffer: 16 << 20 },
    ).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(
        `conformance exited ${error.code}:\n${error.stdout?.slice(-4000)}\n${error.stderr?.slice(-2000)}`,
      );
    });
    expect(stdout).toContain("Baseline check passed: all failures are expected.");
    for (const scenario of [
      "server-initialize",
      "ping",
      "tools-list",
      "resources-list",
      "prompts-list",
      "logging-set-level",
      "dns-rebinding-protection",
    ])
      expect(stdout).toMatch(new RegExp(`✓ ${scenario}: \\d+ passed, 0 failed`));
  }, 300_000);
});

describe("the MCP Inspector's CLI, over stdio", () => {
  const inspect = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [INSPECTOR, "--cli", process.execPath, BIN, ...args], {
      timeout: 60_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    return JSON.parse(stdout);
  };

  it("lists the eight tools", async () => {
    const { tools } = await inspect("--method", "tools/list");
    expect(tools.map((tool: { name: string }) => tool.name)).toEqual(TOOL_NAMES);
  }, 90_000);

  it("calls one, on the sandbox", async () => {
    const result = await inspect(
      "--method",
      "tools/call",
      "--tool-name",
      "list_side_conversations",
      "--tool-arg",
      "ticket_id=42",
    );
    expect(result.structuredContent).toMatchObject({ environment: "sandbox", side_conversations: expect.any(Array) });
    expect(result.structuredContent.side_conversations).toHaveLength(2);
  }, 90_000);
});
