import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json, loopback } from "../support/loopback.js";
import { credentials, expectNoSecret, type Result, run, SECRET } from "../support/run.js";

const mockEnv = { SIDECONVO_BASE_URL: inject("sideconvoMockUrl"), ...credentials };
const dir = mkdtempSync(join(tmpdir(), "sideconvo-cli-errors-"));

function failed(result: Result, code: number, message: RegExp) {
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(message);
  expectNoSecret(result.stdout + result.stderr);
}

describe("usage errors exit 2 and say what is wrong", () => {
  it.each([
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["list"], /missing required argument 'ticket'/],
    [["list", "42", "--bogus"], /unknown option '--bogus'/],
    [["list", "abc"], /the ticket id must be a positive integer \(got "abc"\)/],
    [["list", "42", "--limit", "0"], /--limit must be a positive integer \(got "0"\)/],
    [["export"], /--since is required/],
    [["export", "--since", "last tuesday"], /--since must be Unix seconds, an ISO date .* \(got "last tuesday"\)/],
    [["log", "42", "--sort", "sideways"], /argument 'sideways' is invalid/],
    [["create", "--ticket", "42"], /missing --subject, --body, --to \(no terminal to ask on\)/],
    [["reply", "42", "x", "--to", "a@example.com"], /--body is required/],
    [["update", "42", "x"], /--subject is required/],
    [["mock", "--port", "99999"], /--port must be a number from 0 to 65535 \(got "99999"\)/],
    [["mock", "--faults", "0.5"], /--faults needs --stateful: the stateless mock has no state, budgets or faults/],
    [
      ["mock", "--stateful", "--export-page-size", "none"],
      /--export-page-size must be a positive integer \(got "none"\)/,
    ],
  ])("sideconvo %j", async (args, message) => {
    failed(await run(args, mockEnv), 2, message);
  });

  it("--help on every command shows an example and exits 0", async () => {
    for (const command of [
      "list",
      "show",
      "create",
      "reply",
      "update",
      "close",
      "reopen",
      "events",
      "import",
      "attach",
      "export",
      "log",
      "mock",
    ]) {
      const help = await run([command, "--help"]);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(/Example:\n {2}sideconvo /);
    }
  });
});

describe("credentials come from the environment, and a missing one is named", () => {
  it.each([
    [{}, /ZENDESK_SUBDOMAIN is not set/],
    [{ ZENDESK_SUBDOMAIN: "acme" }, /Not signed in to https:\/\/acme\.zendesk\.com: run sideconvo login/],
    [{ ZENDESK_SUBDOMAIN: "acme", ZENDESK_EMAIL: "a@example.com" }, /Not signed in .*ZENDESK_CLIENT_ID/],
  ])("%j → exit 3", async (env, message) => {
    failed(await run(["list", "42"], env), 3, message);
  });

  it("a subdomain that is not a DNS label is refused before any request", async () => {
    failed(await run(["list", "42"], { ZENDESK_SUBDOMAIN: "acme.evil.com/x", ...credentials }), 5, /subdomain/);
  });
});

describe("bad input and files exit 5, and send nothing", () => {
  it.each([
    [["attach", "no-such-file.png"], /cannot read "no-such-file.png": no such file/],
    [["import", "42", "no-such-file.json"], /cannot read "no-such-file.json": no such file/],
    [["import", "42", "broken.json"], /"broken.json" is not valid JSON/],
    [["import", "42", "empty.json"], /"empty.json" has no "events" array/],
    [["import", "42", "no-events.json"], /"no-events.json" has an empty "events" array: nothing to import/],
    [
      ["create", "--ticket", "42", "--subject", "s", "--body", "b", "--to", "slack:T1"],
      /the recipient "slack:T1" is not of the form slack:<workspace id>\/<channel id>/,
    ],
    [
      ["create", "--ticket", "42", "--subject", "s", "--body", "b", "--to", "not-an-email"],
      /the recipient "not-an-email" is not of the form someone@example.com/,
    ],
    [
      ["create", "--ticket", "42", "--subject", "s", "--body", "b", "--to", "a@example.com,slack:T1/C2"],
      /"a@example.com" is email and "slack:T1\/C2" is Slack: the recipients of one side conversation must all be of one type/,
    ],
    [["reply", "42", "x", "--body", "b", "--to", "a@example.com", "--attach", "nope.txt"], /cannot read "nope.txt"/],
  ])("sideconvo %j", async (args, message) => {
    writeFileSync(join(dir, "broken.json"), '{"events": [');
    writeFileSync(join(dir, "empty.json"), "{}");
    writeFileSync(join(dir, "no-events.json"), JSON.stringify({ events: [] }));
    const server = await loopback((_request, response) => json(response, 500, {}));
    const result = await run(args, { SIDECONVO_BASE_URL: server.url, ...credentials }, { cwd: dir });
    await server.close();
    failed(result, 5, message);
    expect(server.seen, "no request was sent").toEqual([]);
  });
});

describe("server answers map to exit codes, with the vendor's message and request id", () => {
  let server: Awaited<ReturnType<typeof loopback>>;
  let status = 404;
  let headers: Record<string, string> = {};
  beforeAll(async () => {
    server = await loopback((_request, response) =>
      json(
        response,
        status,
        {
          error: status === 401 ? "Couldn't authenticate you" : "RecordNotFound",
          description: `echo ${SECRET}`,
        },
        { "x-zendesk-request-id": "req-123", ...headers },
      ),
    );
  });
  afterAll(() => server.close());

  it.each([
    [401, 3, {}, /refused the credentials \(401\)/],
    [403, 3, {}, /does not allow this \(403\)/],
    [404, 4, {}, /Not found \(404\)[\s\S]*RecordNotFound[\s\S]*req-123/],
    [422, 5, {}, /refused the request \(422\)/],
    [429, 6, { "retry-after": "3600" }, /Rate limited by the server\. Try again in 3600 s/],
    [500, 1, {}, /answered 500/],
  ])("%i → exit %i", async (answer, code, answerHeaders, message) => {
    status = answer;
    headers = answerHeaders;
    const result = await run(["show", "42", "abc"], { SIDECONVO_BASE_URL: server.url, ...credentials });
    failed(result, code, message);
    expect(result.stderr).not.toContain(SECRET); // the server echoed it; the CLI hides it
  });

  it("a server that is not there → exit 7", async () => {
    const gone = await loopback(() => {});
    await gone.close();
    const result = await run(["close", "42", "abc"], { SIDECONVO_BASE_URL: gone.url, ...credentials });
    failed(result, 7, /Could not reach the server/);
  });
});

describe("--dry-run", () => {
  it("prints the request with Authorization redacted, and sends nothing (an API token: its end date said on stderr)", async () => {
    const server = await loopback((_request, response) => json(response, 500, {}));
    const result = await run(
      ["--dry-run", "create", "--ticket", "42", "--subject", "Printer", "--body", "On fire", "--to", "a@example.com"],
      { SIDECONVO_BASE_URL: server.url, ZENDESK_EMAIL: "agent@example.com", ZENDESK_API_TOKEN: SECRET },
    );
    expect(result.stderr).toMatch(/^sideconvo: API tokens stop working on 2027-04-30 .*sideconvo login\.$/m);
    await server.close();
    expect(result.code, result.stderr).toBe(0);
    expect(server.seen).toEqual([]);
    expect(result.stdout).toContain(`POST ${server.url}/api/v2/tickets/42/side_conversations`);
    expect(result.stdout).toMatch(/^authorization: Basic \[redacted\]$/m);
    expect(JSON.parse(result.stdout.slice(result.stdout.indexOf("{")))).toEqual({
      message: { subject: "Printer", body: "On fire", to: [{ email: "a@example.com" }] },
    });
    expectNoSecret(result.stdout + result.stderr);
  });

  it("redacts an OAuth token too", async () => {
    const result = await run(["--dry-run", "list", "42"], {
      ZENDESK_SUBDOMAIN: "acme",
      ZENDESK_OAUTH_TOKEN: "oauth-secret-987",
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("GET https://acme.zendesk.com/api/v2/tickets/42/side_conversations");
    expect(result.stdout).toMatch(/^authorization: Bearer \[redacted\]$/m);
    expect(result.stdout + result.stderr).not.toContain("oauth-secret-987");
  });
});
