// Runs one benchmark by name and writes its section: node src/run-one.mjs overhead
import { writeSection } from "../../../scripts/bench/report.mjs";

const name = process.argv[2];
const module = await import(`./${name}.mjs`);
const markdown = await module[name.replace(/-(\w)/g, (_, c) => c.toUpperCase())]();
writeSection(name, markdown);
console.log(markdown);
