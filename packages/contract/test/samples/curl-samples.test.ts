import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { specOperations as operations } from "../support/spec.js";

// Every operation's curl sample in the reference (`x-codeSamples`, openapi/code_samples/curl) is
// run here, as a reader would paste it, against Prism serving the spec. Prism refuses a request
// that breaks the spec (400, as the vendor documents, plus an `sl-violations` header), so a sample that drifted fails.
const mockUrl = inject("sideconvoMockUrl");
const hasCurl = spawnSync("curl", ["--version"]).status === 0;
const workDir = mkdtempSync(join(tmpdir(), "sideconvo-curl-"));
writeFileSync(join(workDir, "printer.log"), "Printer log, line 1\n"); // the upload sample's file

/** The sample's URL as the vendor's own samples write it: `.json` after the last path segment. */
const withJson = (source: string) => source.replace(/("https:\/\/acme\.zendesk\.com\/[^"?]+)/, "$1.json");

function run(source: string) {
  const script = `${source.trim().replaceAll("https://acme.zendesk.com", mockUrl)} -sS -o body.out -D -`;
  const headers = execFileSync("bash", ["-c", script], {
    cwd: workDir,
    env: { ...process.env, ZENDESK_API_TOKEN: "sample-token" },
    encoding: "utf8",
  });
  const body = readFileSync(join(workDir, "body.out"), "utf8");
  return { status: Number(headers.match(/^HTTP\/[\d.]+ (\d+)/)?.[1]), headers, body };
}

describe.skipIf(!hasCurl)("curl samples of the reference (skipped: curl is not installed)", () => {
  it.each(operations.map((op) => [op.id, op] as const))("%s", (_id, op) => {
    const samples = (op.definition["x-codeSamples"] ?? []) as { lang: string; source: string }[];
    const curl = samples.find((sample) => sample.lang === "Shell");
    expect(curl?.source, "a curl sample").toMatch(/^curl /);
    const { status, headers } = run(curl?.source ?? "");
    expect(headers).not.toMatch(/sl-violations/i);
    expect(status, headers).toBeGreaterThanOrEqual(200);
    expect(status, headers).toBeLessThan(300);
  });

  // The same request with `.json`, as the vendor's samples, the real API's links and node-zendesk
  // write every path: the same checks, the same answer.
  it.each(operations.map((op) => [op.id, op] as const))("%s, with .json", (_id, op) => {
    const samples = (op.definition["x-codeSamples"] ?? []) as { lang: string; source: string }[];
    const source = samples.find((sample) => sample.lang === "Shell")?.source ?? "";
    expect(withJson(source)).toMatch(/\.json[?"]/);
    const plain = run(source);
    const suffixed = run(withJson(source));
    expect(suffixed.headers).not.toMatch(/sl-violations/i);
    expect(suffixed.status, suffixed.headers).toBe(plain.status);
    expect(JSON.parse(suffixed.body)).toEqual(JSON.parse(plain.body));
  });

  it("checks a request with .json as strictly as without (control)", () => {
    const { status, headers } = run(`curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations.json" \\
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" -H "Content-Type: application/json" -d '{"message": {"to": []}}'`);
    expect(status).toBe(400);
    expect(headers).toMatch(/sl-violations: .*message\.to/i);
  });

  it("would catch a sample that breaks the spec (control)", () => {
    const { status, headers } = run(`curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations" \\
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" -H "Content-Type: application/json" -d '{"message": {"to": []}}'`);
    expect(status).toBe(400);
    expect(headers).toMatch(/sl-violations/i);
  });
});
