// An access token from a sandbox for tests that send their own requests: got at its
// `POST /oauth/tokens` with its own confidential OAuth client (`SANDBOX_CLIENT` of
// @sideconvo/sandbox, written out here: test-kit does not depend on the packages it tests), by
// client credentials, as a program gets one. `send` is the fetch to use (a sandbox's own `fetch`
// in process). A refused request throws, naming the status and the answer.
export async function sandboxToken(origin: string, send: typeof fetch = fetch): Promise<string> {
  const response = await send(`${origin}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      grant_type: "client_credentials",
      client_id: "sideconvo_sandbox",
      client_secret: "sandbox-client-secret",
    }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${origin}/oauth/tokens answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}
