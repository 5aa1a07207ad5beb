// @sideconvo/mock is an optional peer dependency: it brings Prism (90 to 100 MB installed, measured
// by the consumer tests), which only `--mock --prism` and `sideconvo mock` use (`--mock` alone runs the
// sandbox in the process). Most runs talk to a real
// account and never load it.
import type { ClientOptions } from "@sideconvo/client";
import { CliError, EXIT } from "./exit-codes.js";

const MOCK_MISSING =
  "--mock --prism and `sideconvo mock` need @sideconvo/mock, which is not installed: run `npm install --global @sideconvo/mock` (or add it next to @sideconvo/cli in your project)";

export async function loadMock(): Promise<typeof import("@sideconvo/mock")> {
  try {
    return await import("@sideconvo/mock");
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === "ERR_MODULE_NOT_FOUND" && String(message).includes("'@sideconvo/mock'")) {
      throw new CliError(MOCK_MISSING, EXIT.usage);
    }
    throw error;
  }
}

/** What `--mock` connects to: an origin, credentials it takes, the fetch to reach it, and how to stop it. */
export interface EmbeddedTarget {
  baseUrl: string;
  auth: ClientOptions["auth"];
  /** The in-process sandbox's own fetch; undefined for Prism (over the network, on loopback). */
  fetch?: typeof fetch;
  stop: () => Promise<void>;
}

/** Prism takes any credentials; these are what `--mock --prism` sends. */
const PRISM_AUTH = { email: "mock@example.com", apiToken: "mock-token" };

/**
 * What `--mock` runs against, for every command (verify's included): the sandbox engine in this
 * process (no port, no child process; stateful for the command's life, 404 for what does not
 * exist), or with `--prism` real Prism on the spec on a free port, until `stop`. Each is loaded only
 * here: the sandbox for `--mock`, Prism (a large dependency) for `--mock --prism`.
 */
export async function startEmbeddedTarget(prism: boolean): Promise<EmbeddedTarget> {
  if (prism) {
    const { startMock } = await loadMock();
    const mock = await startMock({ port: 0 });
    return { baseUrl: mock.url, auth: PRISM_AUTH, stop: () => mock.stop() };
  }
  const { createSandbox, SANDBOX_CLIENT, SANDBOX_URL } = await import("@sideconvo/sandbox");
  return {
    baseUrl: SANDBOX_URL,
    auth: { oauth: SANDBOX_CLIENT },
    fetch: createSandbox({ seed: "examples" }).fetch,
    stop: async () => {},
  };
}
