import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { hasScript, inTerminal, plain } from "../support/pty.js";
import { run } from "../support/run.js";

// The README's session, run as written: every `$ sideconvo …` line of its first console block, with
// the environment the README gives, against the mock; what it prints must be what the README shows.
// The mock runs on a free port here; the README's http://127.0.0.1:4010 stands for it.
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## A session"));
const block = /```console\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
const mockUrl = inject("sideconvoMockUrl");

/** The environment line the README gives before the session: `export NAME=value …`. */
const exported = Object.fromEntries(
  [...(/^export (.+)$/m.exec(/```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "")?.[1] ?? "").matchAll(/(\w+)=(\S+)/g)].map(
    ([, name, value]) => [name as string, value as string],
  ),
);

/** Each command with the output shown under it. */
const steps = block
  .split(/^\$ /m)
  .slice(1)
  .map((chunk) => {
    const [line = "", ...output] = chunk.split("\n");
    const [command = "", comment] = line.split(/\s+#\s+/);
    return {
      command: command.trim(),
      terminal: /on a terminal/.test(comment ?? ""),
      expected: output.join("\n").trimEnd(),
    };
  });

/** Words of a command line, with double-quoted strings kept whole (all the README uses). */
const words = (command: string) => [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");

describe("the CLI README's session, run as written", () => {
  const dir = mkdtempSync(join(tmpdir(), "sideconvo-readme-"));
  writeFileSync(join(dir, "printer.log"), "paper jam\n");
  const env = { ...exported, SIDECONVO_BASE_URL: mockUrl };

  it("gives the environment it runs in, and has commands", () => {
    expect(exported).toMatchObject({ SIDECONVO_BASE_URL: "http://127.0.0.1:4010" });
    expect(Object.keys(exported)).toEqual(expect.arrayContaining(["ZENDESK_OAUTH_TOKEN"]));
    expect(steps.length).toBeGreaterThan(10);
  });

  for (const { command, terminal, expected } of steps) {
    const [program, ...args] = words(command);
    it.skipIf(terminal && !hasScript)(`$ ${command}`, async () => {
      expect(program).toBe("sideconvo");
      let shown: string;
      if (terminal) {
        const session = inTerminal(args, { ...env, NO_COLOR: "1" });
        session.end();
        expect(await session.exited).toBe(0);
        shown = plain(session.screen);
      } else {
        const result = await run(args, env, { cwd: dir });
        expect(result.code, result.stderr).toBe(0);
        shown = result.stdout + result.stderr;
      }
      expect(shown.replaceAll(mockUrl, "http://127.0.0.1:4010").trimEnd()).toBe(expected);
    });
  }
});
