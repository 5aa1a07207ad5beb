import { fileURLToPath } from "node:url";
import { installSuite } from "../support/install-suite.js";

// Node 22 LTS, fetched from the npm registry by the set-up (scripts/toolchain.mjs) as .toolchain/bin/node22.
installSuite("Node 22", fileURLToPath(new URL("../../../../.toolchain/bin/node22", import.meta.url)));
