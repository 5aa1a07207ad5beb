// A server started as a child process: wait until it prints where it listens, and fail with what it
// printed if it exits first.
import type { ChildProcess } from "node:child_process";

/** Resolves with the first http:// URL after "listening on" in the child's stdout or stderr. */
export function listeningUrl(child: ChildProcess, timeoutMs = 30_000): Promise<string> {
  let out = "";
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" within ${timeoutMs} ms: ${out}`)), timeoutMs);
    const read = (chunk: Buffer) => {
      out += chunk;
      const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening: ${out}`));
    });
  });
}
