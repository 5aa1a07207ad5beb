// The client and the mock installed with pnpm and with yarn 1, on Node 22 and 24, each refusing a
// package whose engines do not admit that Node (pnpm with engine-strict; yarn 1 always). npm on both
// Nodes is in node22/node24.test.ts. After each install the installed mock starts and answers, and
// no package of Prism's is one that needs a newer Node than the one it runs on.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { startInstalledMock } from "../support/install-suite.js";
import { asUser } from "../support/npm.js";

const require = createRequire(import.meta.url);
const pnpm = fileURLToPath(new URL("../../../../.toolchain/pnpm-10.34.9/bin/pnpm.cjs", import.meta.url));
const yarn = join(require.resolve("yarn/package.json"), "../bin/yarn.js");
const NODES = {
  "Node 22": fileURLToPath(new URL("../../../../.toolchain/bin/node22", import.meta.url)),
  "Node 24": process.execPath,
};
/** What yarn 1 users on Node 22 add to their package.json (the mock README says so). */
const RESOLUTIONS = {
  "@stoplight/prism-core": "5.8.0",
  "@stoplight/prism-http": "5.12.0",
  "@stoplight/prism-http-server": "5.12.2",
};

/** Every installed @stoplight/* package.json under node_modules (pnpm's store folder included). */
function stoplightManifests(app: string): { name: string; version: string; engines?: { node?: string } }[] {
  const found: { name: string; version: string; engines?: { node?: string } }[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
      const path = join(dir, entry.name);
      if (entry.name === "@stoplight" && !entry.isSymbolicLink())
        for (const name of readdirSync(path)) {
          try {
            found.push(JSON.parse(readFileSync(join(path, name, "package.json"), "utf8")));
          } catch {}
        }
      else if (entry.name === "node_modules" || entry.name === ".pnpm" || /^[@.]?[\w.+-]+@/.test(entry.name))
        if (!entry.isSymbolicLink()) walk(path, depth + 1);
    }
  };
  walk(join(app, "node_modules"), 0);
  return found;
}

/** Does `>=X[.Y[.Z]]` (the only form Prism's packages use) admit `version`? Another form fails the test. */
function admits(range: string, version: string): boolean {
  const floor = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!floor) throw new Error(`an engines range this check does not read: ${range}`);
  const have = version.replace(/^v/, "").split(".").map(Number);
  const need = floor.slice(1).map((part) => Number(part ?? 0));
  for (let i = 0; i < 3; i++) if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > (need[i] ?? 0);
  return true;
}

describe.each(Object.entries(NODES))("on %s", (label, node) => {
  const registry = inject("registry");
  const workdir = inject("workdir");

  const project = (manager: string, extra: object = {}) => {
    const app = join(workdir, `pm-${manager}-${label.replace(/\W+/g, "")}`);
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "user-app", private: true, type: "module", ...extra }),
    );
    return app;
  };

  const check = async (app: string) => {
    const version = (await asUser(node, "node", ["--version"], { cwd: app })).stdout.trim();
    const manifests = stoplightManifests(app);
    expect(manifests.map((m) => m.name)).toContain("@stoplight/prism-cli");
    const prism = manifests.filter((m) => m.name.startsWith("@stoplight/prism-"));
    const refused = prism.filter((m) => m.engines?.node && !admits(m.engines.node, version));
    expect(refused.map((m) => `${m.name}@${m.version} (${m.engines?.node})`)).toEqual([]);
    const mock = await startInstalledMock(node, app);
    try {
      const answer = await fetch(`${mock.url}/api/v2/tickets/42/side_conversations`, {
        headers: { authorization: `Basic ${btoa("a@example.com/token:x")}` },
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { side_conversations: unknown[] }).side_conversations.length).toBeGreaterThan(0);
    } finally {
      mock.child.kill("SIGTERM");
    }
  };

  it("pnpm with engine-strict installs the client and the mock, and the mock answers", async () => {
    const app = project("pnpm");
    writeFileSync(join(app, ".npmrc"), `@sideconvo:registry=${registry}/\nengine-strict=true\n`);
    const ran = await asUser(node, "node", [pnpm, "add", "@sideconvo/client", "@sideconvo/mock"], {
      cwd: app,
      env: { CI: "true" },
      timeoutMs: 300_000,
    });
    expect(`${ran.stdout}${ran.stderr}`).not.toMatch(/incompatible|ERR_PNPM/);
    expect(ran.code).toBe(0);
    await check(app);
  }, 600_000);

  const yarnExtra = label === "Node 22" ? { resolutions: RESOLUTIONS } : {};
  it(`yarn 1 installs the client and the mock${label === "Node 22" ? " (with the README's resolutions)" : ""}, and the mock answers`, async () => {
    const app = project("yarn", yarnExtra);
    writeFileSync(join(app, ".yarnrc"), `"@sideconvo:registry" "${registry}/"\n`);
    const ran = await asUser(node, "node", [yarn, "add", "@sideconvo/client", "@sideconvo/mock", "--non-interactive"], {
      cwd: app,
      timeoutMs: 300_000,
    });
    expect(`${ran.stdout}${ran.stderr}`).not.toMatch(/incompatible/);
    expect(ran.code).toBe(0);
    await check(app);
  }, 600_000);
});
