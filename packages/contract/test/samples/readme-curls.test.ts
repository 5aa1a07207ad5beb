import { execFile, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { mockUrl } from "../support/recorder.js";

// The root README's "Try the mock" lines, run as a reader pastes them once `npm start` is up
// (pointed at this run's mock instead of port 4010): the list answers 200, and the body that mixes
// an email recipient with a Slack channel is refused 400 with the one sentence the README promises.
const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
const block = /Try the mock once[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
const commands = block
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .filter((line) => line.startsWith("curl "));
const hasCurl = spawnSync("curl", ["--version"]).status === 0;
const exec = promisify(execFile);

async function run(command: string) {
  const line = command.replaceAll("http://127.0.0.1:4010", mockUrl()).replace(/^curl (-i )?/, "curl -i -sS -m 10 ");
  const { stdout } = await exec("bash", ["-c", line], { encoding: "utf8" });
  const [head = "", body = ""] = stdout.split(/\r\n\r\n/);
  return { status: Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1]), head, body };
}

describe.skipIf(!hasCurl)("the root README's mock commands (skipped: curl is not installed)", () => {
  it("has the two commands it describes", () => {
    expect(commands).toHaveLength(2);
  });

  it("lists side conversations: 200", async () => {
    const { status, body } = await run(commands[0] ?? "");
    expect(status).toBe(200);
    expect(JSON.parse(body)).toHaveProperty("side_conversations");
  });

  it("refuses mixed recipients 400 with one sentence, as its comment says", async () => {
    expect(block).toMatch(/refused with 400/);
    const { status, head, body } = await run(commands[1] ?? "");
    expect(status).toBe(400);
    expect(JSON.parse(body)).toMatchObject({
      error: {
        message:
          "message.to: recipients of different types cannot be mixed in one message, got email and Slack recipients",
      },
    });
    expect(head).toMatch(/^sl-violations: /im);
  });
});
