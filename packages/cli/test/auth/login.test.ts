import { spawn } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, emptyConfig, spawnCli } from "../support/run.js";

// `sideconvo login`, `auth status`, `logout` and the stored login in use, each as the installed
// binary runs (a process of its own), against the sandbox over HTTP. The test plays the person in
// the browser: it opens the printed address, follows the consent page's Allow link, and lets the
// redirect reach the CLI's loopback server. Then the access token expires on the sandbox clock,
// and two processes refresh it at the same moment.
let sandbox: RunningMock;
beforeAll(async () => {
  sandbox = await startMock({ port: 0, stateful: {} });
});
afterAll(() => sandbox?.stop());

const admin = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then((response) => response.json());

/**
 * A loopback proxy to `target` that passes method, authorization, content type and body on, and
 * answers what the target answered; `before` runs before each request is passed on, `after` once
 * its answer is back.
 */
async function proxyTo(
  target: string,
  hooks: { before?: (url: string) => Promise<void>; after?: (url: string, status: number) => Promise<void> },
) {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const url = request.url ?? "/";
      await hooks.before?.(url);
      const upstream = await fetch(`${target}${url}`, {
        method: request.method ?? "GET",
        headers: Object.fromEntries(
          ["authorization", "content-type"].flatMap((name) => {
            const value = request.headers[name];
            return typeof value === "string" ? [[name, value]] : [];
          }),
        ),
        ...(chunks.length && { body: Buffer.concat(chunks) }),
        redirect: "manual", // the consent page's redirect goes back to the browser (the test)
      });
      const body = (await upstream.text()).replaceAll(
        target,
        `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      );
      await hooks.after?.(url, upstream.status);
      const location = upstream.headers.get("location");
      response.writeHead(upstream.status, {
        "content-type": upstream.headers.get("content-type") ?? "text/plain",
        ...(location && { location }),
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Runs `sideconvo login …`, approving the consent the way a person's browser would. */
async function login(
  config: string,
  args: string[] = ["--client-id", "sideconvo_cli"],
  decision = "approve",
  base = sandbox.url,
) {
  const child = spawn(process.execPath, [cliPath, "login", "--no-browser", ...args], {
    env: { PATH: process.env.PATH ?? "", SIDECONVO_BASE_URL: base, SIDECONVO_CONFIG_DIR: config },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  const address = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const found = /^ {2}(http\S+)$/m.exec(stderr);
      if (found) resolve(found[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`login exited ${code} before printing an address: ${stderr}`)));
  });
  const page = await (await fetch(address)).text();
  const link = new RegExp(`href="([^"]+)" id="${decision}"`).exec(page)?.[1]?.replaceAll("&#38;", "&");
  const back = await fetch(`${base}${link}`, { redirect: "manual" });
  const callback = back.headers.get("location") as string;
  expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/);
  const landing = await fetch(callback); // the browser arrives at the CLI's loopback server
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, stdout, stderr, landing: await landing.text(), address };
}

const cli = (config: string, args: string[]) =>
  spawnCli(args, { SIDECONVO_BASE_URL: sandbox.url, SIDECONVO_CONFIG_DIR: config, NO_COLOR: "1" });

describe("sideconvo login", () => {
  it("signs in with PKCE through the loopback redirect, keeps the login (mode 0600), and uses it", async () => {
    const config = emptyConfig();
    const signedIn = await login(config);
    expect(signedIn.code, signedIn.stderr).toBe(0);
    expect(new URL(signedIn.address).searchParams.get("code_challenge_method")).toBe("S256");
    expect(signedIn.landing).toContain("Signed in.");
    expect(signedIn.stdout).toMatch(
      new RegExp(
        `^Signed in to ${sandbox.url} \\(client sideconvo_cli, scope read write\\)\\. The access token expires at \\S+Z`,
      ),
    );
    const file = join(config, "tokens.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8")).logins[sandbox.url];
    expect(stored.refreshToken).toMatch(/^sbx_rt_/);

    const status = await cli(config, ["auth", "status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("client           sideconvo_cli (authorization code (refresh token kept))");
    for (const secret of [stored.accessToken, stored.refreshToken]) expect(status.stdout).not.toContain(secret);

    const list = await cli(config, ["list", "42"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stderr).toContain("2 found");
  });

  it("a denied consent exits 3 and keeps nothing", async () => {
    const config = emptyConfig();
    const denied = await login(config, undefined, "deny");
    expect(denied.code).toBe(3);
    expect(denied.stderr).toMatch(/the sign-in was refused \(access_denied.*the person denied access/);
    expect((await cli(config, ["auth", "status"])).code).toBe(3);
  });

  it("two processes refreshing an expired token at the same moment both go on, and the store keeps the live pair", async () => {
    // In front of the sandbox, a proxy that takes 800 ms over each token request: both processes
    // need a refresh inside that window, so without the store's lock both would send the same
    // refresh token, and the vendor (the sandbox) refuses the second (rotation).
    let refreshes = 0;
    const { url: proxy, server: slow } = await proxyTo(sandbox.url, {
      before: async (url) => {
        if (url.startsWith("/oauth/tokens")) {
          refreshes++;
          await new Promise((resolve) => setTimeout(resolve, 800));
        }
      },
    });
    try {
      const config = emptyConfig();
      expect((await login(config, undefined, "approve", proxy)).code).toBe(0);
      await admin("/__sandbox/clock", { advanceMs: 31 * 60_000 }); // the access token has expired
      refreshes = 0;
      const env = { SIDECONVO_BASE_URL: proxy, SIDECONVO_CONFIG_DIR: config };
      const [first, second] = await Promise.all([spawnCli(["list", "42"], env), spawnCli(["list", "42"], env)]);
      expect([first.code, second.code], first.stderr + second.stderr).toEqual([0, 0]);
      expect(refreshes).toBe(1); // the second found the first's new pair under the lock
      // The stored refresh token is the live one: a third process refreshes with it after the next expiry.
      await admin("/__sandbox/clock", { advanceMs: 31 * 60_000 });
      const third = await spawnCli(["list", "42"], env);
      expect(third.code, third.stderr).toBe(0);
    } finally {
      slow.close();
    }
  });

  it("an export that outlives five access tokens completes, every event once, the store holding the live refresh token", async () => {
    // A sandbox of its own (an empty seed, 10 events a page) with 60 events a second apart; behind
    // a proxy that moves the sandbox clock 31 minutes on after each export page, so the access token
    // the CLI holds has expired at every next page: it refreshes (401, then the store's refresh
    // token, under the lock) and goes on.
    const own = await startMock({ port: 0, stateful: { seed: "empty", exportPageSize: 10 } });
    const move = (ms: number) =>
      fetch(`${own.url}/__sandbox/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceMs: ms }),
      });
    let refreshes = 0;
    const { url: proxy, server } = await proxyTo(own.url, {
      before: async (url) => {
        if (url.startsWith("/oauth/tokens")) refreshes++;
      },
      after: async (url, status) => {
        if (url.includes("/side_conversations/events?") && status === 200) await move(31 * 60_000);
      },
    });
    try {
      const config = emptyConfig();
      const env = { SIDECONVO_BASE_URL: proxy, SIDECONVO_CONFIG_DIR: config };
      expect((await login(config, undefined, "approve", proxy)).code).toBe(0);
      // The events, made straight on the sandbox (a token of its own client): a second apart.
      const writer = { authorization: `Bearer ${await sandboxToken(own.url)}` };
      for (let n = 0; n < 60; n++) {
        const made = await fetch(`${own.url}/api/v2/tickets/7/side_conversations`, {
          method: "POST",
          headers: { ...writer, "content-type": "application/json" },
          body: JSON.stringify({ message: { subject: `n${n}`, body: "x", to: [{ email: "b@example.com" }] } }),
        });
        expect(made.status).toBe(201);
        await move(1_100);
      }
      refreshes = 0;
      const out = join(config, "events.ndjson");
      const exported = await spawnCli(["export", "--since", "0", "--out", out], env);
      expect(exported.code, exported.stderr).toBe(0);
      const ids = readFileSync(out, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id as string);
      expect(ids.length).toBeGreaterThanOrEqual(60);
      expect(new Set(ids).size).toBe(ids.length); // every event once
      expect(refreshes).toBeGreaterThanOrEqual(5);
      // The stored refresh token is the live one: after the next expiry, a new process goes on with it.
      await move(31 * 60_000);
      const after = await spawnCli(["list", "7"], env);
      expect(after.code, after.stderr).toBe(0);
    } finally {
      server.close();
      await own.stop();
    }
  }, 120_000);

  it("a revoked refresh token exits 3 with one sentence that says to sign in again, no token shown", async () => {
    const config = emptyConfig();
    expect((await login(config)).code).toBe(0);
    const stored = JSON.parse(readFileSync(join(config, "tokens.json"), "utf8")).logins[sandbox.url];
    await admin("/__sandbox/oauth/revoke", { token: stored.refreshToken });
    const refused = await cli(config, ["list", "42"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/invalid_grant.*sign in again \(sideconvo login\)/);
    for (const secret of [stored.accessToken, stored.refreshToken]) expect(refused.stderr).not.toContain(secret);
  });

  it("logout removes the login; status then says to sign in, exit 3", async () => {
    const config = emptyConfig();
    expect((await login(config)).code).toBe(0);
    const out = await cli(config, ["logout"]);
    expect(out.stdout).toBe(
      `Signed out of ${sandbox.url}: its tokens are removed from ${join(config, "tokens.json")}.\n`,
    );
    const status = await cli(config, ["auth", "status"]);
    expect([status.code, status.stdout]).toEqual([3, `Not signed in to ${sandbox.url}: run sideconvo login.\n`]);
  });

  it("--client-credentials signs a confidential client in with the secret from the environment", async () => {
    const config = emptyConfig();
    const result = await spawnCli(["login", "--client-credentials", "--client-id", "sideconvo_sandbox"], {
      SIDECONVO_BASE_URL: sandbox.url,
      SIDECONVO_CONFIG_DIR: config,
      ZENDESK_CLIENT_SECRET: "sandbox-client-secret",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain("sandbox-client-secret");
    const list = await cli(config, ["list", "42"]);
    expect(list.code, list.stderr).toBe(0);
    const missing = await spawnCli(["login", "--client-credentials", "--client-id", "sideconvo_sandbox"], {
      SIDECONVO_BASE_URL: sandbox.url,
      SIDECONVO_CONFIG_DIR: emptyConfig(),
    });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "sideconvo: --client-credentials needs the client's secret in ZENDESK_CLIENT_SECRET (never on the command line).\n",
    ]);
  });

  it("ZENDESK_CLIENT_ID and ZENDESK_CLIENT_SECRET work with no login at all (CI)", async () => {
    const result = await spawnCli(["list", "42"], {
      SIDECONVO_BASE_URL: sandbox.url,
      ZENDESK_CLIENT_ID: "sideconvo_sandbox",
      ZENDESK_CLIENT_SECRET: "sandbox-client-secret",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("2 found");
  });
});
