#!/usr/bin/env node
// Serves the built site (dist/) on loopback. sirv handles the static-file details (types,
// ranges, caching headers, path traversal); this file only binds it.
import { createServer } from "node:http";
import sirv from "sirv";

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "127.0.0.1";
const handler = sirv(new URL("../dist", import.meta.url).pathname, { dev: false, etag: true, single: false });
const server = createServer((request, response) =>
  handler(request, response, () => {
    response.statusCode = 404;
    response.end("Not found");
  }),
);
server.on("error", (error) => {
  console.error(`[docs] cannot listen on http://${host}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, host);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
