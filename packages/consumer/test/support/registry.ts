// A loopback npm registry for the @sideconvo scope only: it serves the packed tarballs by name, so
// consumer projects install `@sideconvo/cli` exactly as users will (dependencies between our
// packages resolved by version, not by file paths); npm gets every other package from the usual
// registry (`--@sideconvo:registry=<this URL>`).

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface Registry {
  url: string;
  close(): Promise<void>;
}

export async function startRegistry(tarballs: string[]): Promise<Registry> {
  const packages = new Map<string, { manifest: Record<string, unknown>; bytes: Buffer; file: string }>();
  for (const file of tarballs) {
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", file, "package/package.json"], { encoding: "utf8" }));
    packages.set(manifest.name, { manifest, bytes: readFileSync(file), file: `${manifest.version}.tgz` });
  }
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).slice(1);
    const [name, tarball] = path.split("/-/");
    const entry = packages.get(name ?? "");
    if (!entry) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
      return;
    }
    if (tarball) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(entry.bytes);
      return;
    }
    const { manifest, bytes, file } = entry;
    const version = manifest.version as string;
    const packument = {
      name,
      "dist-tags": { latest: version },
      versions: {
        [version]: {
          ...manifest,
          _id: `${name}@${version}`,
          dist: {
            tarball: `${url}/${name}/-/${file}`,
            shasum: createHash("sha1").update(bytes).digest("hex"),
            integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
          },
        },
      },
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(packument));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
