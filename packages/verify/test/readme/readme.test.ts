import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RunningSandboxServer, startSandboxServer } from "@sideconvo/sandbox/node";
import { compileSnippets } from "@sideconvo/test-kit/compile-ts";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The README's TypeScript, as a reader pastes it: compiled strictly against this package, then run
// (the built package, by its own name) and its output and exit code checked. The first block points
// at an account; here the one change is `baseUrl` instead of `subdomain`, to the sandbox over HTTP.
const root = fileURLToPath(new URL("../..", import.meta.url));
const blocks = [...readFileSync(join(root, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map(
  (match) => match[1] as string,
);
const scratch = join(root, ".readme-run");
let server: RunningSandboxServer;
beforeAll(async () => {
  server = await startSandboxServer({ port: 0 });
  mkdirSync(scratch, { recursive: true });
});
afterAll(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function run(name: string, code: string) {
  const file = join(scratch, name);
  writeFileSync(
    file,
    ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      .outputText,
  );
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      cwd: scratch,
      env: {
        PATH: process.env.PATH ?? "",
        ZENDESK_CLIENT_ID: "sideconvo_sandbox",
        ZENDESK_CLIENT_SECRET: "sandbox-client-secret",
        NO_COLOR: "1",
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (exit) => resolve({ code: exit, stdout, stderr }));
  });
}

const atServer = (url: string) => {
  const first = blocks[0] as string;
  expect(first.match(/subdomain: "acme",/g)).toHaveLength(1);
  return first.replace('subdomain: "acme",', `baseUrl: ${JSON.stringify(url)},`);
};

describe("the README's examples", () => {
  it("has the account and the in-process examples", () => {
    expect(blocks).toHaveLength(2);
  });

  it("compiles every block with strict settings", () => {
    const src = (path: string) => [join(root, "..", path)];
    const files = Object.fromEntries(blocks.map((code, i) => [join(root, `readme-${i}.ts`), `${code}\nexport {};\n`]));
    const errors = compileSnippets(files, {
      paths: {
        "@sideconvo/verify": src("verify/src/index.ts"),
        "@sideconvo/sandbox": src("sandbox/src/index.ts"),
        "@sideconvo/client": src("client/src/index.ts"),
      },
      options: { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, baseUrl: root },
    });
    expect(errors.map((error) => error.message)).toEqual([]);
  }, 60_000);

  it("runs the first example against a server that holds: the table, a JUnit file, exit 0", async () => {
    const ran = await run("account.mjs", atServer(server.url));
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toContain("every answer holds");
    expect(ran.code).toBe(0);
    expect(readFileSync(join(scratch, "verify.xml"), "utf8")).toMatch(/<testsuites [^>]*failures="0"/);
  });

  it("runs the first example against a server that refuses the credentials: the reason, exit 2", async () => {
    rmSync(join(scratch, "verify.xml"), { force: true });
    const refusing = createServer((_request, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end(JSON.stringify({ error: "Couldn't authenticate you" }));
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      const ran = await run("refused.mjs", atServer(`http://127.0.0.1:${(refusing.address() as AddressInfo).port}`));
      expect(ran.stderr).toMatch(/^credentials: /);
      expect(ran.code).toBe(2);
      expect(existsSync(join(scratch, "verify.xml"))).toBe(false);
    } finally {
      refusing.close();
    }
  });

  it("runs the in-process example: 0 failed, exit code 0", async () => {
    const ran = await run("in-process.mjs", blocks[1] as string);
    expect(ran.stderr).toBe("");
    expect(ran.stdout).toBe("0 0\n");
  });
});
