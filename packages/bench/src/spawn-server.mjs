import { fork } from "node:child_process";

/** Starts server.mjs in its own process; resolves its base URL and a stop function. */
export function startServer(env = {}) {
  const child = fork(new URL("./server.mjs", import.meta.url), { env: { ...process.env, ...env }, stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", ({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () =>
          new Promise((done) => {
            child.once("exit", done);
            child.kill();
          }),
      }),
    );
  });
}
