// sideconvo-sandbox as a user runs it: the bin npm linked into the project that installed
// @sideconvo/sandbox from its tarball, with no Prism in the project.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { listeningUrl } from "@sideconvo/test-kit/listening";
import { sandboxToken } from "@sideconvo/test-kit/sandbox-token";
import { describe, expect, inject, it } from "vitest";

describe("npx sideconvo-sandbox in a project that installed @sideconvo/sandbox", () => {
  it("serves the API from the linked bin, with no Prism installed", async () => {
    const project = inject("consumerProject");
    expect(existsSync(join(project, "node_modules/@stoplight/prism-cli"))).toBe(false);
    const child = spawn(join(project, "node_modules/.bin/sideconvo-sandbox"), ["--port", "0"], {
      cwd: project,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await listeningUrl(child);
      const token = await sandboxToken(url);
      const listed = await fetch(`${url}/api/v2/tickets/42/side_conversations`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { count: number }).count).toBe(2);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
