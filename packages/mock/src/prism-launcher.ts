// Runs Prism in this process, tied to the process that started it by an IPC channel. When that
// parent goes away, even by SIGKILL (which runs no cleanup of its own), the operating system closes
// the channel, this process hears "disconnect" and exits, and the port is free again.
//
//   node prism-launcher.js <prism's bin> <prism's arguments...>
import { pathToFileURL } from "node:url";

const [bin, ...args] = process.argv.slice(2);
if (!bin || !process.send) {
  console.error("prism-launcher: run by startMock only (it needs an IPC channel and Prism's bin)");
  process.exit(2);
}
process.on("disconnect", () => process.exit(0));
// Prism reads its arguments from process.argv, as if it had been started as `prism <args>`.
process.argv = [process.argv[0] as string, bin, ...args];
await import(pathToFileURL(bin).href);
