import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sirv from "sirv";

/**
 * Serves a built site under a sub-path (`/sideconvo/`), as a static host with a project folder
 * would. Anything the pages ask for outside the sub-path is a 404 and is recorded.
 */
export async function serveSite(dir: string, prefix = "/sideconvo/") {
  const handler = sirv(dir, { dev: true });
  const outside: string[] = [];
  const server = createServer((request, response) => {
    const url = request.url ?? "/";
    if (!url.startsWith(prefix)) {
      outside.push(url);
      response.statusCode = 404;
      response.end();
      return;
    }
    request.url = url.slice(prefix.length - 1);
    handler(request, response, () => {
      response.statusCode = 404;
      response.end("Not found");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}${prefix}`,
    origin: `http://127.0.0.1:${port}`,
    outside,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
