import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json, loopback } from "../support/loopback.js";
import { expectNoSecret, credentials as fakeCredentials, run, SECRET } from "../support/run.js";

// `sideconvo verify`, run in-process as the binary runs it, against the sandbox's HTTP face (the spec's answers) and
// against a loopback proxy that changes one of the sandbox's answers on its way back: what a CI
// job meets when the API drifts. Exit codes: 0 holds, 1 drift, 2 could not verify.
let sandbox: RunningMock;
let drifted: Awaited<ReturnType<typeof loopback>>;
/** An access token the sandbox issued (client credentials): the proxy passes it on as it is. */
let credentials: Record<string, string>;
beforeAll(async () => {
  sandbox = await startMock({ port: 0, stateful: {} });
  credentials = { ZENDESK_OAUTH_TOKEN: await sandboxToken(sandbox.url) };
  // The proxy sends each request on to the sandbox and puts its own origin in the links, as a
  // proxy would; one thing drifts: a side conversation's `id` comes back a number.
  drifted = await loopback(async (request, response, url) => {
    const upstream = await fetch(new URL(url.pathname + url.search, sandbox.url), {
      method: request.method ?? "GET",
      headers: { authorization: request.headers.authorization ?? "" },
    });
    const text = (await upstream.text()).replaceAll(sandbox.url, drifted.url);
    const body = JSON.parse(text) as Record<string, unknown>;
    const headers = Object.fromEntries([...upstream.headers].filter(([name]) => name !== "content-length"));
    const show = body.side_conversation as Record<string, unknown> | undefined;
    if (show && !url.search.includes("include")) body.side_conversation = { ...show, id: 8566255 };
    json(response, upstream.status, body, headers);
  });
}, 120_000);
afterAll(async () => {
  await drifted?.close();
  await sandbox?.stop();
});

// The sandbox's seed events are from 2018: the export starts there to find their ticket.
const since = ["--since", "2018-01-01T00:00:00Z"];
// The README's "Verify the contract" section: its first console block is run as written against the
// mock (its http://127.0.0.1:4010 stands for the mock's free port; the duration is the one thing that
// varies), and its drift excerpt is what the drifted proxy's run prints.
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Verify the contract"), readme.indexOf("## Exit codes"));
const [readmeRun = "", readmeDrift = ""] = [...section.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
const sessionEnv = {
  SIDECONVO_BASE_URL: inject("sideconvoMockUrl"),
  ZENDESK_EMAIL: "me@example.com",
  ZENDESK_API_TOKEN: "x",
};
const reportsDir = () => mkdtempSync(join(tmpdir(), "sideconvo-verify-"));

describe("sideconvo verify", () => {
  it("exits 0 when every answer holds, with a table on stdout", async () => {
    const result = await run(["verify", "--base-url", sandbox.url, ...since], credentials);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`sideconvo verify: ${sandbox.url}, ticket`);
    expect(result.stdout).toMatch(/0 checks failed, \d+ passed, 0 new fields or values: every answer holds\./);
    expectNoSecret(result.stdout + result.stderr);
  });

  it("exits 1 on drift, names the path, and writes the JUnit, Markdown and JSON reports", async () => {
    const dir = reportsDir();
    const files = { junit: join(dir, "verify.xml"), markdown: join(dir, "verify.md"), json: join(dir, "verify.json") };
    const result = await run(
      [
        "verify",
        "--base-url",
        drifted.url,
        ...since,
        "--junit",
        files.junit,
        "--markdown",
        files.markdown,
        "--json-report",
        files.json,
      ],
      credentials,
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("$.side_conversation.id: the type changed: the spec says string");
    expect(result.stdout).toMatch(/1 check failed, \d+ passed/);
    const junit = readFileSync(files.junit, "utf8");
    expect(junit).toMatch(/<testsuites [^>]*failures="1"/);
    expect(junit).toContain("$.side_conversation.id");
    expect(readFileSync(files.markdown, "utf8")).toContain("## sideconvo verify: drift");
    const report = JSON.parse(readFileSync(files.json, "utf8"));
    expect(report.exitCode).toBe(1);
    expect(
      report.checks.filter((c: { outcome: string }) => c.outcome === "failed").map((c: { step: string }) => c.step),
    ).toEqual(["showSideConversation"]);
    // The account's values stay out of the reports unless --show-values says otherwise.
    for (const file of Object.values(files)) expect(readFileSync(file, "utf8")).not.toContain("8566255");
    expectNoSecret(result.stdout + result.stderr + Object.values(files).map((f) => readFileSync(f, "utf8")));
  });

  it("runs the README's verify session as written, with its output and files", async () => {
    const [line = "", ...shown] = readmeRun.split("\n");
    expect(line).toMatch(/^\$ sideconvo verify /);
    const dir = reportsDir();
    const result = await run(line.slice("$ sideconvo ".length).split(" "), sessionEnv, { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const seconds = (text: string) => text.replace(/, \d+(\.\d+)? s\n/, ", N s\n");
    expect(seconds(result.stdout.replaceAll(sessionEnv.SIDECONVO_BASE_URL, "http://127.0.0.1:4010")).trimEnd()).toBe(
      seconds(shown.join("\n")).trimEnd(),
    );
    expect(readFileSync(join(dir, "verify.xml"), "utf8")).toContain("<testsuites");
    expect(readFileSync(join(dir, "verify.md"), "utf8")).toContain("every answer holds");
  });

  it("prints the README's drift excerpt for the drifted proxy", async () => {
    expect(readmeDrift).toContain("$.side_conversation.id");
    const result = await run(["verify", "--base-url", drifted.url, ...since], credentials);
    expect(result.stdout).toContain(readmeDrift.trimEnd());
  });

  it("--json prints the report as JSON on stdout", async () => {
    const result = await run(["--json", "verify", "--base-url", drifted.url, ...since], credentials);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ exitCode: 1, target: drifted.url });
  });

  it.each([
    [["verify", "--writes", "--ticket", "42"], "--writes needs --writes-to <email>"],
    [["verify", "--writes", "--writes-to", "qa@example.com"], "--writes needs --ticket <id>"],
    [["verify", "--writes-to", "qa@example.com"], "--writes-to is only for --writes"],
    [["verify", "--ticket", "forty-two"], '"forty-two"'],
    [["verify", "--since", "yesterday"], '"yesterday"'],
    [["verify", "--max-requests", "0"], "--max-requests"],
    [["verify", "--base-url", "ftp://example.com"], "ftp://example.com"],
  ])("exits 2 on bad input %j, naming it", async (args, named) => {
    const result = await run(
      [...args, ...(args.includes("--base-url") ? [] : ["--base-url", sandbox.url])],
      credentials,
    );
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stdout).toBe("");
  });

  it("exits 2 without credentials for the account, naming the variable, and every report says it could not verify", async () => {
    const dir = reportsDir();
    const [junit, markdown, json] = ["verify.xml", "verify.md", "verify.json"].map((name) => join(dir, name));
    const result = await run(
      ["verify", "--junit", junit as string, "--markdown", markdown as string, "--json-report", json as string],
      { ZENDESK_SUBDOMAIN: "acme" },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Not signed in to https:\/\/acme\.zendesk\.com: run sideconvo login/);
    expectCouldNotVerify({ junit, markdown, json }, "credentials", /sideconvo login|ZENDESK_CLIENT_ID/);
    expect(readFileSync(junit as string, "utf8")).toContain('hostname="acme.zendesk.com"');
  });

  it("exits 2 when the server cannot be reached, and still writes the report of what it tried", async () => {
    const dir = reportsDir();
    const junit = join(dir, "verify.xml");
    const closed = await loopback(() => {}); // a port that was just free, closed again
    await closed.close();
    const result = await run(["verify", "--base-url", closed.url, "--junit", junit], fakeCredentials);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`could not verify: could not reach ${closed.url}`);
    expect(existsSync(junit)).toBe(true);
    expectNoSecret(result.stderr + readFileSync(junit, "utf8"));
    expectCouldNotVerify({ junit }, "connection", `could not reach ${closed.url}`);
  });

  it("exits 2 on a 401, and no form of the token reaches the output or the report", async () => {
    const refusing = await loopback((_request, response) =>
      json(response, 401, { error: "Couldn't authenticate you", token: SECRET }),
    );
    try {
      const dir = reportsDir();
      const markdown = join(dir, "verify.md");
      const json = join(dir, "verify.json");
      const result = await run(
        ["verify", "--base-url", refusing.url, "--markdown", markdown, "--json-report", json],
        fakeCredentials,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("401");
      expectNoSecret(result.stdout + result.stderr + readFileSync(markdown, "utf8") + readFileSync(json, "utf8"));
      expectCouldNotVerify({ markdown, json }, "credentials", "refused the credentials (401)");
    } finally {
      await refusing.close();
    }
  });

  it("exits 2 when a report cannot be written, naming the file", async () => {
    const result = await run(
      ["verify", "--base-url", sandbox.url, "--junit", "/nonexistent-dir/verify.xml"],
      credentials,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('could not write the report to "/nonexistent-dir/verify.xml": ENOENT');
  });
});

/** Each report file given says the run could not verify, and why; none says the contract holds. */
function expectCouldNotVerify(
  files: { junit?: string | undefined; markdown?: string | undefined; json?: string | undefined },
  reason: string,
  why: string | RegExp,
) {
  const has = (text: string) => (typeof why === "string" ? expect(text).toContain(why) : expect(text).toMatch(why));
  if (files.markdown) {
    const markdown = readFileSync(files.markdown, "utf8");
    expect(markdown.split("\n")[0]).toBe("## sideconvo verify: could not verify");
    expect(markdown).not.toContain("the contract holds");
    has(markdown);
  }
  if (files.json) {
    const report = JSON.parse(readFileSync(files.json, "utf8"));
    expect(report.exitCode).toBe(2);
    expect(report.stopped.reason).toBe(reason);
    has(report.stopped.message);
  }
  if (files.junit) {
    const junit = readFileSync(files.junit, "utf8");
    expect(junit).toMatch(/<testsuites [^>]*errors="1"/);
    expect(junit).toMatch(new RegExp(`<error message="could not verify: [^"]*" type="${reason}">`));
    has(junit);
  }
}
