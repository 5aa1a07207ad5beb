import { execFileSync } from "node:child_process";

/** Runs a TypeScript compiler (its bin file) on a project folder: its exit status and everything it printed. */
export function tsc(compiler: string, dir: string): { status: number; output: string } {
  try {
    return { status: 0, output: execFileSync(process.execPath, [compiler, "-p", dir], { encoding: "utf8" }) };
  } catch (failure) {
    const { status, stdout, stderr } = failure as { status: number; stdout: string; stderr: string };
    return { status, output: `${stdout}${stderr}` };
  }
}
