// @sideconvo/mock is an optional peer dependency: it brings Prism (90 to 100 MB installed, measured
// by the consumer tests), which only `--mock --prism` and `sideconvo mock` use (`--mock` alone runs the
// sandbox in the process). Most runs talk to a real
// account and never load it.
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

/** The Prism mock of `--mock --prism`: real Prism on the spec, on a free port, until `stop`. */
export async function startEmbeddedMock(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { startMock } = await loadMock();
  const mock = await startMock({ port: 0 });
  return { url: mock.url, stop: () => mock.stop() };
}
