// Raw bytes to a loopback server and its whole answer back, for requests `fetch` will not send (a
// Host that is not a host, a target that is not a path, header bytes above U+00FF): the hostile
// suites of the sandbox and the mock. Request and answer are Latin-1, byte for byte.
import { connect } from "node:net";

export function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(Buffer.from(request, "latin1")));
    let text = "";
    socket.setEncoding("latin1").on("data", (chunk) => (text += chunk));
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}
