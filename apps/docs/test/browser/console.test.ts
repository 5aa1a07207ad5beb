import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandboxServer } from "@sideconvo/sandbox/node";
import { browserSuite, hasChromium, launchChromium } from "@sideconvo/test-kit/chromium";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite } from "../support/site-server.js";

// The console as a reader uses it, in Chromium: a create in the tab's sandbox, then a list that
// shows it; the state kept for the visit and reset; the console over the reference from a "Try
// it" link; a server the reader names (the sandbox over HTTP, another origin, through CORS); bad
// values refused by name; and the token typed in never shown, stored or sent anywhere else.
const appDir = fileURLToPath(new URL("../..", import.meta.url));
const artifacts = join(appDir, "test-artifacts");
/** An access token the named sandbox issued (its own OAuth client), as a reader would paste one. */
let TOKEN = "";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!hasChromium)(browserSuite("the console"), () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveSite>>;
  let named: Awaited<ReturnType<typeof startSandboxServer>>;
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    site = await serveSite(join(appDir, "dist"));
    named = await startSandboxServer({ port: 0 });
    TOKEN = await sandboxToken(named.url);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await named?.stop();
    await site?.close();
  });

  /** A page that records what it requests and every error it logs. */
  async function open(path: string, viewport = { width: 1280, height: 900 }) {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(site.base + path);
    return { page, requests, errors };
  }
  /** Clicks Send and reads the answer the console shows (the last one cleared first). */
  const send = async (page: Page, scope = "") => {
    const at = (selector: string) => `${scope} ${selector}`.trim();
    await page.locator(at(".sc-console-answer")).evaluate((answer) => answer.replaceChildren());
    await page.click(at(".sc-send"));
    await page.waitForFunction((selector) => {
      const status = document.querySelector(selector);
      return status && !/^Sending/.test(status.textContent ?? "");
    }, at(".sc-console-status"));
    const status = (await page.locator(at(".sc-console-status")).textContent()) ?? "";
    const shown = page.locator(at(".sc-console-response"));
    return { status, body: (await shown.count()) ? JSON.parse((await shown.textContent()) ?? "null") : null };
  };
  const subjects = (body: { side_conversations: Array<{ subject: string }> }) =>
    body.side_conversations.map((sc) => sc.subject);

  for (const size of [
    { name: "1920x1080", width: 1920, height: 1080 },
    { name: "390x844", width: 390, height: 844 },
  ])
    it(`at ${size.name}: a create in the tab's sandbox, then a list that shows it; kept for the visit, then reset`, async () => {
      const { page, requests, errors } = await open("console.html#createSideConversation", size);
      await page.locator(".sc-console").waitFor();
      expect(await page.locator("select[name=operation]").inputValue()).toBe("createSideConversation");
      // The Slack example, picked from the spec's examples, edited by the reader.
      await page.selectOption("select[name=example]", "CreateSlackSideConversation");
      const body = JSON.parse(await page.locator("textarea[name=body]").inputValue());
      body.message.subject = `From the console at ${size.name}`;
      await page.fill("textarea[name=body]", JSON.stringify(body, null, 2));
      const created = await send(page);
      expect(created.status).toMatch(/^201 Created · POST \/api\/v2\/tickets\/42\/side_conversations/);
      expect(created.body.side_conversation.subject).toBe(`From the console at ${size.name}`);
      expect(created.body.side_conversation.participants).toEqual(
        expect.arrayContaining([expect.objectContaining({ slack_channel_id: "C456DEF" })]),
      );
      // The same request as curl and TypeScript, with what the reader edited.
      expect(await page.locator(".sc-curl").textContent()).toContain(`From the console at ${size.name}`);
      expect(await page.locator(".sc-typescript").textContent()).toContain(
        'await zd.POST("/api/v2/tickets/{ticket_id}/side_conversations"',
      );

      await page.selectOption("select[name=operation]", "listSideConversations");
      expect(page.url()).toMatch(/#listSideConversations$/);
      const listed = await send(page);
      expect(listed.status).toMatch(/^200 OK/);
      expect(subjects(listed.body)).toContain(`From the console at ${size.name}`);
      expect(listed.body.count).toBe(3);
      await page.screenshot({ path: join(artifacts, `console-${size.name}.png`) });
      // Nothing sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);

      // Kept for the visit: a reload still lists it; the reset goes back to the examples.
      await page.reload();
      await page.locator(".sc-console").waitFor();
      expect((await send(page)).body.count).toBe(3);
      await page.click("button[name=reset]");
      expect((await send(page)).body.count).toBe(2);

      // The sandbox is in the tab: nothing went to the network but the site's own files.
      expect(requests.filter((url) => !url.startsWith(site.origin))).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });

  it("opens over the reference from an operation's Try it link, and sends from there", async () => {
    const { page, errors } = await open("reference.html#/side-conversations/replytosideconversation");
    await page.locator('a[href="console.html#replyToSideConversation"]').first().click();
    const dialog = page.locator("dialog.sc-console-dialog");
    await dialog.waitFor();
    expect(await dialog.locator("select[name=operation]").inputValue()).toBe("replyToSideConversation");
    const replied = await send(page, "dialog");
    expect(replied.status).toMatch(
      /^200 OK · POST \/api\/v2\/tickets\/42\/side_conversations\/8566255a-ece5-11e8-857d-493066fa7b17\/reply/,
    );
    expect(replied.body.event.type).toBe("reply");
    // Another operation's link opens the same dialog on that operation.
    await dialog.locator(".sc-console-close button").click();
    // Redoc renders an operation when it is near: go to it first, as a reader scrolls there.
    await page.evaluate(() => {
      location.hash = "#/side-conversation-events/listsideconversationevents";
    });
    await page.locator('a[href="console.html#listSideConversationEvents"]').first().click();
    expect(await dialog.locator("select[name=operation]").inputValue()).toBe("listSideConversationEvents");
    const events = await send(page, "dialog");
    expect(events.body.events.map((event: { type: string }) => event.type)).toContain("reply");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sends to a server the reader names (another origin, through CORS), and never shows or keeps the token", async () => {
    const { page, requests, errors } = await open("console.html#showSideConversation");
    await page.locator(".sc-console").waitFor();
    await page.selectOption("select[name=target]", "url");
    await page.fill("input[name=url]", named.url);
    await page.dispatchEvent("input[name=url]", "change");
    await page.fill("input[name=token]", TOKEN); // an OAuth access token: the default kind
    await page.selectOption("select[name=include]", "events");
    const shown = await send(page);
    expect(shown.status).toMatch(
      /^200 OK · GET \/api\/v2\/tickets\/42\/side_conversations\/8566255a-ece5-11e8-857d-493066fa7b17\?include=events/,
    );
    expect(shown.body.side_conversation.id).toBe("8566255a-ece5-11e8-857d-493066fa7b17");
    expect(requests).toContain(
      `${named.url}/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17?include=events`,
    );
    expect(await page.locator(".sc-curl").textContent()).toBe(
      `curl '${named.url}/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17?include=events' \\\n  -H "Authorization: Bearer $ZENDESK_OAUTH_TOKEN"`,
    );
    // The token: not in the page's text, not in storage, not in the address.
    expect(await page.evaluate(() => document.body.textContent)).not.toContain(TOKEN);
    const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
    expect(stored).not.toContain(TOKEN);
    expect(page.url()).not.toContain(TOKEN);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("refuses bad values by name, and says when a server does not answer", async () => {
    const { page } = await open("console.html#createSideConversation");
    await page.locator(".sc-console").waitFor();
    await page.fill("textarea[name=body]", '{"message": {');
    await page.fill("input[name=ticket_id]", "");
    await page.click(".sc-send");
    const problems = await page.locator(".sc-console-problems li").allTextContents();
    expect(problems).toEqual([
      "ticket_id is required: it is part of the path",
      expect.stringMatching(/^the body is not JSON: /),
    ]);
    expect(await page.locator(".sc-console-response").count()).toBe(0);

    // A value that breaks the spec: the sandbox's answer, shown as it came (400 naming the field).
    await page.fill("input[name=ticket_id]", "42");
    await page.fill(
      "textarea[name=body]",
      JSON.stringify({ message: { body: "x", to: [{ email: "not-an-address" }] } }),
    );
    const refused = await send(page);
    expect(refused.status).toMatch(/^400/);
    expect(JSON.stringify(refused.body)).toContain("not-an-address");

    await page.selectOption("select[name=target]", "url");
    await page.fill("input[name=url]", "ftp://example.com");
    await page.click(".sc-send");
    expect(await page.locator(".sc-console-problems li").allTextContents()).toEqual([
      'the server URL must be an http or https address, got "ftp://example.com"',
      "a token is needed for a server you name (the mock takes any)",
    ]);

    const port = await closedPort();
    await page.fill("input[name=url]", `http://127.0.0.1:${port}`);
    await page.fill("input[name=token]", TOKEN);
    await page.click(".sc-send");
    await page.locator(".sc-console-status.failed").waitFor();
    const said = (await page.locator(".sc-console-status.failed").textContent()) ?? "";
    expect(said).toContain(`No answer from http://127.0.0.1:${port}`);
    expect(said).toContain("CORS");
    expect(said).not.toContain(TOKEN);
    await page.close();
  });
});
