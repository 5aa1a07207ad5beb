// `sideconvo login`, `logout` and `auth status`: OAuth sign-in into the token store.
//
// login: the authorization-code flow with PKCE. A loopback server on 127.0.0.1 receives the
// browser's redirect (RFC 8252); the address to open is printed, and opened in a browser when there
// is one. With --no-browser nothing is opened: open the address anywhere, and either let it come
// back to this machine's loopback or paste the address the browser was sent to. With
// --client-credentials a confidential client signs in as itself (servers; for CI, prefer
// ZENDESK_CLIENT_ID and ZENDESK_CLIENT_SECRET in the environment, nothing stored).
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createInterface } from "node:readline";
import { fetchTokens, type OAuthTokens } from "@sideconvo/client";
import { authorizeUrl, createPkce, exchangeCode } from "@sideconvo/client/oauth";
import { TokenStore } from "../auth/store.js";
import { targetFromEnv } from "../env.js";
import { CliError, EXIT } from "../exit-codes.js";
import { io } from "../io.js";

export interface LoginFlags {
  clientId?: string;
  scope?: string;
  browser?: boolean;
  port?: number;
  clientCredentials?: boolean;
  json?: boolean;
}

const say = (text: string) => void io().stderr.write(`${text}\n`);
const out = (text: string) => void io().stdout.write(`${text}\n`);
const when = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? "never" : new Date(ms).toISOString();

function clientOf(flags: LoginFlags) {
  const env = io().env;
  const clientId = flags.clientId ?? env.ZENDESK_CLIENT_ID;
  if (!clientId)
    throw new CliError(
      "No OAuth client: give --client-id <id> (or ZENDESK_CLIENT_ID), the identifier of an OAuth client of the account (Admin Center → Apps and integrations → APIs → OAuth clients).",
      EXIT.usage,
    );
  return { clientId, clientSecret: env.ZENDESK_CLIENT_SECRET || undefined };
}

/** Waits for the browser's redirect on the loopback server, or an address pasted on stdin. */
function callback(server: Server, paste: boolean): Promise<string> {
  let lines: ReturnType<typeof createInterface> | undefined;
  return new Promise<string>((resolve) => {
    server.on("request", (request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== "/callback") {
        response.writeHead(404).end();
        return;
      }
      const ok = url.searchParams.has("code");
      response.writeHead(ok ? 200 : 400, { "content-type": "text/html; charset=utf-8", connection: "close" });
      response.end(
        `<!doctype html><meta charset="utf-8"><title>sideconvo</title><p>${
          ok
            ? "Signed in. You can close this tab and go back to the terminal."
            : "The sign-in did not complete: see the terminal."
        }</p>`,
      );
      resolve(`http://127.0.0.1${request.url}`);
    });
    if (paste) {
      lines = createInterface({ input: process.stdin });
      lines.on("line", (line) => {
        if (/^https?:\/\/\S+[?&](code|error)=/.test(line.trim())) resolve(line.trim());
      });
    }
  }).finally(() => {
    // Stop reading stdin, whichever way the address came: an open stdin would keep the process up.
    lines?.close();
    process.stdin.destroy();
  });
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command as string, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => {}); // no browser here: the printed address is enough
    child.unref();
  } catch {
    // the same
  }
}

export async function login(flags: LoginFlags): Promise<void> {
  const env = io().env;
  // The target is what the sign-in flow takes too: { subdomain } or { baseUrl }.
  const { origin, target: base } = targetFromEnv(env);
  const client = clientOf(flags);
  const store = new TokenStore(env);
  let tokens: OAuthTokens;
  if (flags.clientCredentials) {
    if (!client.clientSecret)
      throw new CliError(
        "--client-credentials needs the client's secret in ZENDESK_CLIENT_SECRET (never on the command line).",
        EXIT.usage,
      );
    tokens = await fetchTokens({ origin, ...client, grant: "client_credentials", scope: flags.scope });
  } else {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(
          new CliError(`Cannot listen on 127.0.0.1:${flags.port ?? 0} for the sign-in: ${error.code}.`, EXIT.failure),
        ),
      );
      server.listen(flags.port ?? 0, "127.0.0.1", resolve);
    });
    try {
      const port = (server.address() as { port: number }).port;
      const redirectUri = `http://127.0.0.1:${port}/callback`;
      const pkce = await createPkce();
      const url = authorizeUrl({
        ...base,
        clientId: client.clientId,
        redirectUri,
        scope: flags.scope ?? "read write",
        pkce,
      });
      say(`Open this address to sign in to ${origin}:\n\n  ${url.href}\n`);
      if (flags.browser === false) say("Waiting for the browser (or paste the address it was sent to, then Enter)…");
      else {
        openBrowser(url.href);
        say("Waiting for the browser…");
      }
      const callbackUrl = await callback(server, flags.browser === false);
      tokens = await exchangeCode({
        ...base,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        redirectUri,
        pkce,
        callbackUrl,
      });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }
  await store.withLock(() =>
    store.write(origin, {
      ...tokens,
      clientId: client.clientId,
      // A confidential client's secret is kept only for client credentials, which need it to renew.
      ...(flags.clientCredentials && { clientSecret: client.clientSecret }),
      signedInAt: new Date().toISOString(),
    }),
  );
  if (flags.json)
    out(
      JSON.stringify({
        origin,
        clientId: client.clientId,
        scope: tokens.scope ?? null,
        expiresAt: when(tokens.expiresAt),
      }),
    );
  else
    out(
      `Signed in to ${origin} (client ${client.clientId}, scope ${tokens.scope ?? "as granted"}). The access token expires at ${when(tokens.expiresAt)} and is renewed on its own; the login is kept in ${store.file}.`,
    );
}

export async function logout(flags: { json?: boolean }): Promise<void> {
  const env = io().env;
  const { origin } = targetFromEnv(env);
  const store = new TokenStore(env);
  const had = await store.withLock(() => {
    const known = store.read(origin) !== undefined;
    if (known) store.write(origin, undefined);
    return known;
  });
  if (flags.json) out(JSON.stringify({ origin, signedOut: had }));
  else out(had ? `Signed out of ${origin}: its tokens are removed from ${store.file}.` : `Not signed in to ${origin}.`);
}

export async function status(flags: { json?: boolean }): Promise<void> {
  const env = io().env;
  const { origin } = targetFromEnv(env);
  const store = new TokenStore(env);
  const login = store.read(origin);
  const fromEnv =
    env.ZENDESK_CLIENT_ID && env.ZENDESK_CLIENT_SECRET ? "client credentials from the environment" : undefined;
  if (!login) {
    if (flags.json) out(JSON.stringify({ origin, signedIn: false, ...(fromEnv && { using: fromEnv }) }));
    else
      out(
        fromEnv
          ? `${origin}: ${fromEnv} (ZENDESK_CLIENT_ID ${env.ZENDESK_CLIENT_ID}).`
          : `Not signed in to ${origin}: run sideconvo login.`,
      );
    if (!fromEnv) io().exitCode = EXIT.auth;
    return;
  }
  const facts = {
    origin,
    signedIn: true,
    clientId: login.clientId,
    grant: login.refreshToken ? "authorization code (refresh token kept)" : "client credentials",
    scope: login.scope ?? null,
    accessTokenExpiresAt: when(login.expiresAt),
    refreshTokenExpiresAt: when(login.refreshTokenExpiresAt),
    signedInAt: login.signedInAt,
    store: store.file,
  };
  if (flags.json) out(JSON.stringify(facts));
  else
    out(
      [
        `Signed in to ${origin}`,
        `  client           ${facts.clientId} (${facts.grant})`,
        `  scope            ${facts.scope ?? "as granted"}`,
        `  access token     expires ${facts.accessTokenExpiresAt} (renewed on its own)`,
        `  refresh token    expires ${facts.refreshTokenExpiresAt}`,
        `  signed in        ${facts.signedInAt}`,
        `  kept in          ${facts.store}`,
      ].join("\n"),
    );
}
