import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer: what the server does with the n-th request it gets. */
export type Fault = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A loopback server that answers each request with the next fault of its script (the last one
 * repeats), and records every request it saw. Faults happen on real sockets: resets, cut bodies,
 * slow answers.
 */
export async function faultServer(script: Fault[]) {
  const seen: { method: string; path: string; authorization: string | undefined }[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", path: request.url ?? "", authorization: request.headers.authorization });
    request.resume();
    const fault = script[Math.min(seen.length - 1, script.length - 1)];
    request.on("end", () => fault?.(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Fault =>
  (_request, response) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    response.writeHead(status, {
      "content-type": typeof body === "string" ? "text/html" : "application/json",
      "x-zendesk-request-id": `req-${status}`,
      ...headers,
    });
    response.end(text);
  };

/** The connection is dropped before any byte of the answer. */
export const resetBeforeHeaders: Fault = (request) => request.socket.destroy();

/** Headers and part of the body are sent, then the connection is dropped. */
export const resetAfterHeaders: Fault = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  response.write('{"side_conversations": [');
  setTimeout(() => response.socket?.destroy(), 10);
};

/** The body promises more bytes than it sends, then the server ends the connection cleanly. */
export const truncatedBody: Fault = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json", "content-length": "500" });
  response.end('{"side_conversations": [{"id": "a"');
  response.socket?.end();
};

/** Answers only after `ms`. */
export const slow =
  (ms: number, then: Fault): Fault =>
  (request, response) => {
    const timer = setTimeout(() => then(request, response), ms);
    response.on("close", () => clearTimeout(timer));
  };
