// What a user does with our packages on one Node version, in fresh projects outside the workspace:
// install them by name with plain npm and --engine-strict, run the client README's first example
// against the mock, run the mock README's Vitest example as written (and type-check it), and use
// the CLI installed globally, first without the mock and then with it.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { listeningUrl } from "@sideconvo/test-kit/listening";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asUser, npm } from "./npm.js";

const run = promisify(execFile);
const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));

function tsBlocks(readme: string): string[] {
  return [...readFileSync(readme, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

/** Starts the installed `sideconvo-mock` on a free port with the given Node; resolves with its URL. */
export async function startInstalledMock(
  node: string,
  app: string,
  flags: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const cli = join(app, "node_modules/@sideconvo/mock/dist/cli.js");
  const child = spawn(node, [cli, "--port", "0", ...flags], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
  const url = await listeningUrl(child, 60_000);
  return { url, child };
}

export function installSuite(label: string, node: string) {
  describe(`on ${label}`, () => {
    const workdir = inject("workdir");
    const registry = inject("registry");
    const app = join(workdir, `app-${label.replace(/\W+/g, "")}`);
    const prefix = join(workdir, `global-${label.replace(/\W+/g, "")}`);
    let mock: { url: string; child: ChildProcess } | undefined;

    beforeAll(async () => {
      mkdirSync(app, { recursive: true });
      writeFileSync(join(app, "package.json"), JSON.stringify({ name: "user-app", private: true, type: "module" }));
      await npm(["install", "@sideconvo/client", "@sideconvo/mock", "vitest@5.1.0", "@types/node@24"], {
        cwd: app,
        registry,
        node,
      });
      mock = await startInstalledMock(node, app);
    }, 600_000);
    afterAll(() => {
      mock?.child.kill("SIGTERM");
    });

    it("installs the client and the mock with --engine-strict, Prism included", async () => {
      const { stdout } = await asUser(node, "node", ["--version"], { cwd: app });
      expect(stdout.trim()).toMatch(label === "Node 22" ? /^v22\./ : /^v24\./);
      const version = (name: string) =>
        JSON.parse(readFileSync(join(app, "node_modules", name, "package.json"), "utf8")).version;
      expect(version("@sideconvo/client")).toBe("0.1.0");
      expect(version("@sideconvo/openapi")).toBe("0.1.0");
      expect(version("@stoplight/prism-cli")).toBe("5.14.2");
    });

    it("runs the client README's first example against the sandbox, signed in with OAuth client credentials", async () => {
      const [first] = tsBlocks(join(app, "node_modules/@sideconvo/client/README.md"));
      // The one change: the client points at the installed mock's stateful sandbox (it does the
      // vendor's OAuth: the example's client credentials get a real token) instead of an account.
      expect(first?.match(/subdomain: "acme",/g)).toHaveLength(1);
      const sandbox = await startInstalledMock(node, app, ["--stateful"]);
      const example = (first as string).replace('subdomain: "acme",', `baseUrl: ${JSON.stringify(sandbox.url)},`);
      writeFileSync(join(app, "readme-first.ts"), example);
      const ran = await asUser(node, "node", ["readme-first.ts"], {
        cwd: app,
        env: { ZENDESK_CLIENT_ID: "sideconvo_sandbox", ZENDESK_CLIENT_SECRET: "sandbox-client-secret" },
      }).finally(() => sandbox.child.kill("SIGTERM"));
      expect(ran.stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, "")).toBe("");
      expect(ran.code).toBe(0);
      // It prints each conversation-log event of ticket 42 the mock serves: a type and a date.
      expect(ran.stdout.trim().split("\n").length).toBeGreaterThan(0);
      expect(ran.stdout).toMatch(/^\S+ \d{4}-\d\d-\d\dT/m);
    });

    it("runs the mock README's Vitest example as written, and it type-checks", async () => {
      const [config, testFile] = tsBlocks(join(app, "node_modules/@sideconvo/mock/README.md"));
      writeFileSync(join(app, "vitest.config.ts"), config as string);
      writeFileSync(join(app, "side-conversations.test.ts"), testFile as string);
      const tests = await asUser(node, "node", ["node_modules/vitest/vitest.mjs", "run"], {
        cwd: app,
        env: { NO_COLOR: "1", CI: "true" },
      });
      expect(tests.stdout).toMatch(/Tests\s+1 passed/);
      expect(tests.code).toBe(0);
      writeFileSync(
        join(app, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: "nodenext",
            moduleResolution: "nodenext",
            target: "ES2022",
            lib: ["ES2022"],
            types: ["node"],
            noEmit: true,
            skipLibCheck: true,
          },
          files: ["vitest.config.ts", "side-conversations.test.ts"],
        }),
      );
      const checked = await asUser(node, process.execPath, [tsc, "-p", app], { cwd: app });
      expect(checked.stdout).toBe("");
      expect(checked.code).toBe(0);
      // Control: the form that used to be documented, inject() with nothing that declares the key,
      // fails this same check, so the check can see the problem it guards against.
      const control = join(app, "control");
      mkdirSync(control, { recursive: true });
      writeFileSync(
        join(control, "old-form.test.ts"),
        (testFile as string)
          .replace('import { mockUrl } from "@sideconvo/mock/inject";\n', "")
          .replace('import { expect, it } from "vitest";', 'import { expect, inject, it } from "vitest";')
          .replace("mockUrl()", 'inject("sideconvoMockUrl")'),
      );
      const tsconfig = JSON.parse(readFileSync(join(app, "tsconfig.json"), "utf8"));
      writeFileSync(join(control, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["old-form.test.ts"] }));
      const old = await asUser(node, process.execPath, [tsc, "-p", control], { cwd: control });
      expect(old.stdout).toMatch(/old-form\.test\.ts.*TS2345/);
    });

    describe("the CLI installed globally", () => {
      const sideconvo = join(prefix, "bin", "sideconvo");
      const account = { ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "agent@acme.com", ZENDESK_API_TOKEN: "s3cr3t-t0ken" };

      /** What a global install weighs: packages and kilobytes under the prefix (reported, not asserted). */
      const weight = async () => {
        const { stdout } = await run("du", ["-sk", join(prefix, "lib", "node_modules")]);
        const list = await asUser(node, "npm", ["ls", "--global", "--prefix", prefix, "--all", "--parseable"], {
          cwd: workdir,
        });
        return `${list.stdout.trim().split("\n").length - 1} packages, ${Math.round(Number(stdout.split("\t")[0]) / 1024)} MB`;
      };

      beforeAll(async () => {
        await npm(["install", "--global", "--prefix", prefix, "@sideconvo/cli"], { cwd: workdir, registry, node });
        console.info(`${label}: npm install --global @sideconvo/cli: ${await weight()}`);
      }, 600_000);

      it("shows its help", async () => {
        const help = await asUser(node, sideconvo, ["--help"], { cwd: workdir });
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/Usage: sideconvo/);
      });

      it("prints a create with --dry-run, without the token", async () => {
        const args = [
          "--dry-run",
          "create",
          "--ticket",
          "42",
          "--subject",
          "S",
          "--body",
          "B",
          "--to",
          "a@example.com",
        ];
        const dry = await asUser(node, sideconvo, args, { cwd: workdir, env: account });
        expect(dry.code).toBe(0);
        expect(dry.stdout).toContain("POST https://acme.zendesk.com/api/v2/tickets/42/side_conversations");
        expect(`${dry.stdout}${dry.stderr}`).not.toContain("s3cr3t-t0ken");
      });

      it("lists with --mock on the sandbox it brings; asks for the mock in one sentence for --prism, then lists with it", async () => {
        const sandbox = await asUser(node, sideconvo, ["list", "42", "--mock", "--json"], { cwd: workdir });
        expect(sandbox.stderr).toBe("");
        expect(sandbox.code).toBe(0);
        const missing = await asUser(node, sideconvo, ["show", "42", "nope", "--mock"], { cwd: workdir });
        expect(missing.code).toBe(4);
        const without = await asUser(node, sideconvo, ["list", "42", "--mock", "--prism", "--json"], { cwd: workdir });
        expect(without.code).toBe(2);
        expect(without.stderr).toContain(
          "--mock --prism and `sideconvo mock` need @sideconvo/mock, which is not installed: run `npm install --global @sideconvo/mock`",
        );
        await npm(["install", "--global", "--prefix", prefix, "@sideconvo/mock"], { cwd: workdir, registry, node });
        console.info(`${label}: with @sideconvo/mock as well: ${await weight()}`);
        const listed = await asUser(node, sideconvo, ["list", "42", "--mock", "--prism", "--json"], { cwd: workdir });
        expect(listed.stderr).toBe("");
        expect(listed.code).toBe(0);
        const records = listed.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line));
        expect(records.length).toBeGreaterThan(0);
        expect(records[0]).toMatchObject({ ticket_id: expect.any(Number), id: expect.any(String) });
        expect(sandbox.stdout).toBe(listed.stdout); // the sandbox's seed is the spec's examples
      }, 300_000);

      it("verifies the mock against the spec and writes a JUnit report (exit 0)", async () => {
        const junit = join(workdir, `verify-${label.replace(/\W+/g, "")}.xml`);
        const verified = await asUser(node, sideconvo, ["--mock", "verify", "--junit", junit], { cwd: workdir });
        expect(verified.code, verified.stderr).toBe(0);
        expect(verified.stdout).toContain("every answer holds");
        expect(readFileSync(junit, "utf8")).toMatch(/<testsuites [^>]*failures="0"/);
      }, 300_000);
    });
  });
}
