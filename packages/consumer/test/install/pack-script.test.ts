import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { asUser, npm } from "../support/npm.js";

// Before the first release `npm install @sideconvo/...` answers E404; the docs say to run
// `npm run pack` in a clone and install the tarballs it prints, in one command. Here: the script
// packs the seven packages, and the line it prints for the sandbox with the client installs in a
// fresh project with @sideconvo resolved from those tarballs alone (the scope's registry is a
// closed port: a tarball that needed another from a registry would fail the install).
const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "sideconvo-pack-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm run pack: installing before a release", () => {
  it("packs every package and prints install lines that work from the tarballs alone", async () => {
    const out = join(work, "tarballs");
    const { stdout } = await run(process.execPath, [join(root, "scripts/pack.mjs"), "--out", out], { cwd: root });
    const packed = readdirSync(out).sort();
    expect(packed.map((file) => /^sideconvo-([a-z]+)-\d+\.\d+\.\d+\.tgz$/.exec(file)?.[1])).toEqual([
      "cli",
      "client",
      "mcp",
      "mock",
      "openapi",
      "sandbox",
      "verify",
    ]);
    const line = /the sandbox with the client:\n {2}npm install (.+)\n/.exec(stdout)?.[1];
    expect(line, stdout).toBeDefined();
    const app = join(work, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
    await npm(["install", ...(line as string).split(" ")], { cwd: app, registry: "http://127.0.0.1:9" });
    const ran = await asUser(
      process.execPath,
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'import { createSandbox } from "@sideconvo/sandbox"; import { createClient } from "@sideconvo/client";' +
          'const s = createSandbox({ seed: "empty" }); const r = await s.fetch(new Request("https://sandbox.sideconvo.invalid/api/v2/tickets/1/side_conversations", { headers: { authorization: "Basic " + btoa("a@example.com/token:x") } }));' +
          "console.log(typeof createClient, r.status);",
      ],
      { cwd: app },
    );
    expect(ran.stderr).not.toMatch(/Error/);
    expect(ran.stdout.trim()).toBe("function 200");
  }, 300_000);
});
