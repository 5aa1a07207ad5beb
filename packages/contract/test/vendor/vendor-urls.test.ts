import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockUrl } from "../support/recorder.js";
import { checkResponse, operations } from "../support/spec.js";
import { vendorCurls } from "./vendor-curls.js";

// Every request the vendor's reference prints, replayed against the mock as a reader would paste
// it: `.json` paths, the singular show path, the pages' own bodies. Each must get the operation's
// documented success answer, valid against the spec, with no violation. (What Prism alone, the mock
// before its front, answered them is in the closing note of the issue: 404 for all but update.)
const hasCurl = spawnSync("curl", ["--version"]).status === 0;
const workDir = mkdtempSync(join(tmpdir(), "sideconvo-vendor-"));
const ID = "8566255a-ece5-11e8-857d-493066fa7b17";

/**
 * The vendor's line with its placeholders filled in, pointed at `origin`, and its line breaks back:
 * the page's `\` ended a line, and the scraper joined the next one on (`\-v`, `\  -d`), which a
 * shell would read as an escaped character.
 */
function fill(curl: string, origin: string): string {
  return curl
    .replace(/\\(?=[\s-])/g, "\\\n")
    .replaceAll("https://{subdomain}.zendesk.com", origin)
    .replaceAll("{ticket_id}", "42")
    .replaceAll("{side_conversation_id}", ID)
    .replaceAll("{email_address}", "agent@example.com")
    .replaceAll("{password}", "secret")
    .replaceAll("{api_token}", "token-123")
    .replaceAll("[email\u00a0protected]", "someone@example.com");
}

// Not execFileSync: this process reads the Prism it started, and a blocked reader would stall it.
const exec = promisify(execFile);

async function replay(curl: string, origin: string) {
  const script = `${fill(curl, origin)} -sS -m 10 -o body.out -D headers.out -w '%{http_code}'`;
  // -v is the vendor's: its chatter goes to stderr, kept out of the way.
  const status = Number((await exec("bash", ["-c", script], { cwd: workDir, encoding: "utf8" })).stdout);
  const headers = readFileSync(join(workDir, "headers.out"), "utf8");
  const text = readFileSync(join(workDir, "body.out"), "utf8");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // recorded as text; the checks below report it
  }
  return { status, headers, body, url: /curl (\S+)/.exec(fill(curl, origin))?.[1] ?? "" };
}

let prismAlone: RunningMock;
beforeAll(async () => {
  prismAlone = await startMock({ port: 0 });
});
afterAll(() => prismAlone?.stop());

describe.skipIf(!hasCurl)("the vendor's printed requests against the mock (skipped: curl is not installed)", () => {
  it.each(vendorCurls.map((v) => [`${v.operation} (${v.source})`, v] as const))("%s", async (_name, vendor) => {
    const operation = operations.find((op) => op.id === vendor.operation);
    const now = await replay(vendor.curl, mockUrl());
    // Two of the vendor's bodies (create and reply) lack their closing brace: the API answers such a
    // body 400, and so must the mock (Prism alone never answered it at all).
    const sent = /-d '([^']*)'/.exec(vendor.curl)?.[1];
    const parses =
      sent === undefined ||
      (() => {
        try {
          JSON.parse(sent);
          return true;
        } catch {
          return false;
        }
      })();
    const documented = parses ? Number(operation?.statuses.find((status) => /^2\d\d$/.test(status))) : 400;
    expect(operation?.statuses).toContain(String(documented));
    expect(now.status, now.headers).toBe(documented);
    if (parses) expect(now.headers).not.toMatch(/sl-violations/i);
    else
      expect(now.body).toMatchObject({
        error: { message: expect.stringMatching(/^The request body is not valid JSON/) },
      });
    const path = new URL(now.url).pathname;
    // The singular show path is answered, and says it is an alias of the plural.
    if (path.includes("/side_conversation/")) expect(now.headers).toMatch(/^warning: 299 sideconvo-mock .*singular/im);
    const method = /-X (\w+)/.exec(vendor.curl)?.[1] ?? (/-d /.test(vendor.curl) ? "POST" : "GET");
    expect(
      checkResponse(method, now.url.replace(/\/side_conversation\//, "/side_conversations/"), now.status, now.body),
    ).toEqual([]);
  });

  it("the tutorial's request (Python requests: json=payload, auth=(email/token, token))", async () => {
    // tutorial-create-email-side-conversation.txt: url, headers, payload and auth as the script
    // builds them, with the answers its prompts got in the tutorial's example output.
    const email = "agent@example.com";
    const url = `${mockUrl()}/api/v2/tickets/${90}/side_conversations.json`;
    const payload = {
      message: {
        subject: "printer not working",
        body: "Try unplugging the printer, wait 30 seconds, and then plug it back in",
        to: ["chris@example.com", "bear@example.com"].map((address) => ({ email: address })),
      },
    };
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Basic ${btoa(`${email}/token:token-123`)}` },
      body: JSON.stringify(payload),
    });
    const body = await response.json();
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(response.status).toBe(201); // the script's success test: `response.status_code == 201`
    expect(checkResponse("POST", url, 201, body)).toEqual([]);
  });

  it("Prism alone answers the vendor's list URL 404, so the front is what makes these pass (control)", async () => {
    const list = vendorCurls.find((v) => v.operation === "listSideConversations");
    expect((await replay(list?.curl ?? "", prismAlone.prismUrl)).status).toBe(404);
  });
});
