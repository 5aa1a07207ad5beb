import { installSuite } from "../support/install-suite.js";

// Node 24 LTS: the Node these tests run on (.nvmrc).
installSuite("Node 24", process.execPath);
