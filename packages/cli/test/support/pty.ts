import { spawn, spawnSync } from "node:child_process";
import { cliPath } from "./run.js";

// A pseudo-terminal from util-linux `script` (on every Debian machine): the CLI sees a TTY on
// stdin and stdout, as when a person runs it, and the test types into it.
export const hasScript = spawnSync("script", ["--version"]).status === 0;

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** `columns` sizes the terminal as a person's window is; without it the terminal has no size. */
export function inTerminal(args: string[], env: Record<string, string>, columns?: number) {
  const sized = columns ? `stty cols ${columns} rows 24 && exec ` : "";
  const command = sized + [process.execPath, cliPath, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TERM: "xterm-256color", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  child.stdout.on("data", (chunk) => (screen += chunk));
  child.stderr.on("data", (chunk) => (screen += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    get screen() {
      return screen;
    },
    /** Waits until the terminal shows `text` (after ANSI codes are removed). */
    async waitFor(text: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!plain(screen).includes(text)) {
        if (Date.now() > deadline) throw new Error(`the terminal never showed "${text}"; it shows:\n${plain(screen)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    type: (text: string) => child.stdin.write(text),
    /** Answers prompts in turn: waits for each prompt's text, then types the answer and Enter. */
    async answer(steps: [prompt: string, answer: string][]) {
      for (const [prompt, answer] of steps) {
        await this.waitFor(prompt);
        child.stdin.write(`${answer}\r`);
      }
    },
    exited,
    end: () => child.stdin.end(),
  };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what it removes
export const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
