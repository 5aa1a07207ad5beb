import { describe, expect, inject, it } from "vitest";
import { hasScript, inTerminal, plain } from "../support/pty.js";
import { credentials, expectNoSecret } from "../support/run.js";

const env = { SIDECONVO_BASE_URL: inject("sideconvoMockUrl"), ...credentials };
const title = hasScript
  ? "in a terminal"
  : "in a terminal (skipped: util-linux `script`, which makes the pseudo-terminal, is missing)";

describe.skipIf(!hasScript)(title, () => {
  it("create asks for each missing value, re-asks a bad one, then creates", async () => {
    const terminal = inTerminal(["create"], env);
    await terminal.waitFor("Ticket id:");
    terminal.type("forty-two\r");
    await terminal.waitFor("a positive integer, such as 42");
    terminal.type("\u0015"); // Ctrl-U clears the bad answer
    terminal.type("42\r");
    await terminal.answer([
      ["Subject:", "Printer on fire"],
      ["Message:", "Please send someone."],
      ["Recipients (comma-separated):", "facilities@example.com, it@example.com"],
    ]);
    await terminal.waitFor("Created side conversation");
    terminal.end();
    expect(await terminal.exited).toBe(0);
    expect(plain(terminal.screen)).toMatch(/Created side conversation \S+ on ticket 42/);
    expectNoSecret(terminal.screen);
  });

  it("create refuses mixed recipient types at the prompt, with the reason, and keeps the other answers", async () => {
    const terminal = inTerminal(["create", "--ticket", "42"], env);
    await terminal.answer([
      ["Subject:", "Printer on fire"],
      ["Message:", "Please send someone."],
      ["Recipients (comma-separated):", "a@example.com, slack:T1/C1"],
    ]);
    await terminal.waitFor("must all be of one type");
    terminal.type("\u0015"); // Ctrl-U clears the answer; subject and message stay given
    terminal.type("a@example.com\r");
    await terminal.waitFor("Created side conversation");
    terminal.end();
    expect(await terminal.exited).toBe(0);
    // The terminal wraps the sentence at 80 columns: read its two ends.
    const screen = plain(terminal.screen);
    expect(screen).toContain('"a@example.com" is email and "slack:T1/C1" is Slack: the recipients of one');
    expect(screen).toContain("conversation must all be of one type");
    // Only the recipients were asked again.
    expect(screen.match(/✔ Subject/g)).toHaveLength(1);
    expect(screen.match(/✔ Message/g)).toHaveLength(1);
  });

  it("create that fails after the prompts prints the same create as one command to run again", async () => {
    // Nothing listens on port 9 of loopback: the create fails after every answer was given.
    const terminal = inTerminal(["create"], { ...env, SIDECONVO_BASE_URL: "http://127.0.0.1:9" });
    await terminal.answer([
      ["Ticket id:", "42"],
      ["Subject:", "Printer on fire"],
      ["Message:", "It's smoking"],
      ["Recipients (comma-separated):", "facilities@example.com"],
    ]);
    terminal.end();
    expect(await terminal.exited).toBe(7);
    expect(plain(terminal.screen)).toContain(
      "To try again: sideconvo create --ticket 42 --subject 'Printer on fire' --body 'It'\\''s smoking' --to facilities@example.com",
    );
    expectNoSecret(terminal.screen);
  });

  it("Ctrl-C at a prompt stops with exit 130 and sends nothing", async () => {
    const terminal = inTerminal(["create"], env);
    await terminal.waitFor("Ticket id:");
    terminal.type("42\r");
    await terminal.waitFor("Subject:");
    terminal.type("\u0003");
    expect(await terminal.exited).toBe(130);
    expect(plain(terminal.screen)).toContain("sideconvo: interrupted at the prompt; nothing was sent.");
    expect(plain(terminal.screen)).not.toContain("Created side conversation");
  });

  it("create with every flag given asks nothing", async () => {
    const terminal = inTerminal(
      ["create", "--ticket", "42", "--subject", "s", "--body", "b", "--to", "a@example.com"],
      env,
    );
    terminal.end();
    expect(await terminal.exited).toBe(0);
    expect(plain(terminal.screen)).not.toMatch(/Ticket id:|Subject:|Message:|Recipients/);
    expect(plain(terminal.screen)).toMatch(/^Created side conversation/);
  });

  it("colours tables on a terminal, and not with NO_COLOR", async () => {
    const colour = inTerminal(["list", "42"], env);
    colour.end();
    expect(await colour.exited).toBe(0);
    expect(colour.screen).toContain("\u001b[1mID"); // bold header
    const none = inTerminal(["list", "42"], { ...env, NO_COLOR: "1" });
    none.end();
    expect(await none.exited).toBe(0);
    expect(none.screen).toContain("ID");
    expect(none.screen).not.toContain("\u001b[");
  });

  it("log is a readable timeline on a terminal", async () => {
    const terminal = inTerminal(["log", "42", "--limit", "2"], { ...env, NO_COLOR: "1" });
    terminal.end();
    expect(await terminal.exited).toBe(0);
    expect(plain(terminal.screen)).toMatch(/^2025-04-22 09:24 {2}SampleBot \(bot\)\n {4}Hey! Have a question\?/m);
  });
});
