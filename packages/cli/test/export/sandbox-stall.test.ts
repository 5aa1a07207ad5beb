import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, participant } from "@sideconvo/client";
import { type RunningMock, startMock } from "@sideconvo/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sandboxCredentials as credentials, run } from "../support/run.js";

// `sideconvo export` into the stateful sandbox with a busy second: six events imported into one
// second, on export pages of four. The sandbox pages as the API does; the CLI stops with exit 8
// and resumes past the second with --skip-stalled.
const S = Date.parse("2023-01-01T10:00:00Z") / 1000;
let sandbox: RunningMock;
beforeAll(async () => {
  sandbox = await startMock({
    port: 0,
    stateful: {
      seed: { tickets: [42], side_conversations: [], events: [], attachments: [], conversation_log: {} },
      exportPageSize: 4,
    },
  });
  const zd = createClient({
    baseUrl: sandbox.url,
    auth: { oauth: { clientId: "sideconvo_sandbox", clientSecret: "sandbox-client-secret" } },
  });
  const times = [..."000000"].map((_, i) => `2023-01-01T10:00:00.${i}00Z`);
  times.push("2023-01-01T10:00:01Z", "2023-01-01T10:00:02Z");
  await zd.sideConversations.import(42, {
    events: times.map((created_at, i) => ({
      created_at,
      message: { body: `event ${i + 1}`, to: [participant.email("a@example.com")], from: { email: "b@example.com" } },
    })),
  });
}, 120_000);
afterAll(() => sandbox?.stop());

describe("sideconvo export against the sandbox's busy second", () => {
  it("exits 8 at the stall and resumes past it with --skip-stalled, each event once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sideconvo-sandbox-stall-"));
    const out = join(dir, "events.ndjson");
    const args = ["export", "--since", String(S), "--out", out, "--checkpoint", join(dir, "cp.json")];
    const env = { SIDECONVO_BASE_URL: sandbox.url, ...credentials };
    const stuck = await run(args, env);
    expect(stuck.code, stuck.stderr).toBe(8);
    expect(stuck.stderr).toContain(
      `The export is stuck at 2023-01-01T10:00:00Z (second ${S}): 4 events of that second`,
    );
    const resumed = await run([...args, "--skip-stalled"], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const ids = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).id as string);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
    expect(resumed.stderr).toContain("Not exported: the rest of 1 busy second skipped with --skip-stalled");
  });
});
