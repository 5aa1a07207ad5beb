// Node, Deno and Bun: `<runtime> node-main.mjs <baseUrl> <run>` prints the scenario's result.
import { scenario } from "./scenario.mjs";

const [baseUrl, run] = (globalThis.Deno?.args ?? globalThis.process.argv.slice(2)).slice(-2);
console.log(JSON.stringify(await scenario(baseUrl, Number(run))));
