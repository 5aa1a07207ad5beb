import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rawHttp } from "@sideconvo/test-kit/raw-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../src/index.js";

// The stateless mock stays up: what Prism cannot decode is answered 400 by the front before it
// reaches Prism, and a Prism that exits anyway is started again while the mock keeps its address.
const auth = `Basic ${btoa("agent@example.com/token:x")}`;
const LIST = "/api/v2/tickets/42/side_conversations";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, onLog: () => {} });
});
afterAll(() => mock.stop());

const serves = async () => {
  const response = await fetch(`${mock.url}${LIST}`, { headers: { authorization: auth } });
  expect(response.status).toBe(200);
};

describe("hostile requests to the stateless mock", () => {
  it.each([
    ["a malformed escape in an id", `${LIST}/%E0%A4%A`, "path has a malformed percent escape"],
    ["a lone percent sign", `${LIST}/%`, "path has a malformed percent escape"],
    ["a malformed escape in the query", `${LIST}?per_page=%ZZ`, "query has a malformed percent escape"],
    ["a target that is not a path", "http://[::1/x", "request target must be a path"],
  ])("%s → 400 from the front, and Prism serves on", async (_, target, said) => {
    const port = Number(new URL(mock.url).port);
    const pid = mock.pid;
    const answer = await rawHttp(
      port,
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nauthorization: ${auth}\r\nconnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain(said);
    await serves();
    expect(mock.pid).toBe(pid); // the same Prism: nothing reached it
  });

  it("a Host header that is not a host → 400, and a refused value above U+00FF still fits the header", async () => {
    const port = Number(new URL(mock.url).port);
    const answer = await rawHttp(
      port,
      `GET ${LIST} HTTP/1.1\r\nHost: ${Buffer.from("☃ x").toString("latin1")}\r\nconnection: close\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer).toContain("The Host header is not a host");
    expect(answer.split("\r\n\r\n")[0]).toMatch(/^[\t\r\n\u0020-\u007e]*$/);
    await serves();
  });

  it("a Prism that exits is started again, said once, and the mock answers on the same address", async () => {
    const lines: string[] = [];
    const own = await startMock({ port: 0, onLog: (line) => lines.push(line) });
    try {
      const before = own.pid;
      process.kill(before, "SIGKILL");
      const deadline = Date.now() + 30_000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await fetch(`${own.url}${LIST}`, { headers: { authorization: auth } })).status;
        if (status === 200 && own.pid !== before) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      expect(own.pid).not.toBe(before);
      expect(lines.filter((line) => line.includes("Prism exited (SIGKILL) while serving; restarting it"))).toHaveLength(
        1,
      );
    } finally {
      await own.stop();
    }
  });
});

describe("the sandbox's command: what it notices is said without --verbose", () => {
  it("a data file with a bad line: refused naming the line, then --recover starts and says what it moved", async () => {
    const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
    const data = join(mkdtempSync(join(tmpdir(), "sideconvo-mock-cli-")), "sandbox.journal");
    writeFileSync(
      data,
      `${JSON.stringify({ sideconvoSandbox: 2, data: { tickets: [42] } })}\n{"kind":"ticket","id":null}\n`,
    );
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, "--stateful", "--port", "0", "--data", data, ...args]);
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
          if (out.includes("listening")) child.kill("SIGTERM");
        });
        child.stderr.on("data", (chunk) => (err += chunk));
        child.on("close", (code) => resolve({ code, out, err }));
      });
    const refused = await run([]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`${data}: line 2: a ticket id must be a positive integer, got null`);
    expect(refused.err).toContain("start with --recover");
    const recovered = await run(["--recover"]);
    expect(recovered.out).toContain("listening");
    expect(recovered.err).toContain(
      `sideconvo-mock: ${data}: 1 line(s) did not load (line 2) and were moved to ${data}.rejected`,
    );
  });
});
