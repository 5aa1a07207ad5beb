// @sideconvo/sandbox/msw: the sandbox in the test process, through Mock Service Worker. No port,
// no child process: each test worker that calls sandboxHandlers() has a sandbox of its own, so a
// reset in one file never touches another's state.
//
//   const { handlers, sandbox } = sandboxHandlers();
//   const server = setupServer(...handlers);           // or setupWorker(...handlers) in a browser
//   beforeAll(() => server.listen()); afterAll(() => server.close()); beforeEach(() => sandbox.reset());
//   const zd = createClient({ baseUrl: SANDBOX_URL, auth: { oauth: SANDBOX_CLIENT } });
import { type HttpHandler, HttpResponse, http } from "msw";
import { createSandbox, SANDBOX_URL, type Sandbox, type SandboxOptions, transportFaults } from "./engine/engine.js";

export { SANDBOX_CLIENT } from "./engine/oauth.js";
export { SANDBOX_URL };

export interface SandboxHandlersOptions extends SandboxOptions {
  /** The origin the handlers answer for. Default SANDBOX_URL. */
  baseUrl?: string;
}

export function sandboxHandlers(options: SandboxHandlersOptions = {}): { handlers: HttpHandler[]; sandbox: Sandbox } {
  const { baseUrl = SANDBOX_URL, ...engine } = options;
  if (!URL.canParse(baseUrl))
    throw new TypeError(`sandboxHandlers(): baseUrl must be an absolute URL, got ${JSON.stringify(baseUrl)}`);
  const origin = new URL(baseUrl).origin;
  const sandbox = createSandbox(engine);
  const handler = http.all(`${origin}/*`, async ({ request }) => {
    const response = await sandbox.handle(request);
    // A transport fault on demand: the client meets a network error (a cut answer was done first).
    return transportFaults.has(response) ? HttpResponse.error() : response;
  });
  return { handlers: [handler], sandbox };
}
