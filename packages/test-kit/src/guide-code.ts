// The TypeScript blocks of the docs' landing page and guides, as readers copy them, and the few
// names the prose introduces before a block uses them (declared in PRELUDE). Shared by the docs' own
// compile check (against the packages' source) and the consumer package's (against the packed
// packages, in a project outside the workspace).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** apps/docs/content: data read by path (the tests that read it name it in their turbo inputs). */
export const contentDir = fileURLToPath(new URL("../../../apps/docs/content", import.meta.url));

export const PRELUDE = `import type { Auth, SideconvoClient, SideConversationEvent } from "@sideconvo/client";
declare global {
  const zd: SideconvoClient;
  const auth: Auth;
  function save(event: SideConversationEvent): Promise<void>;
  function saveCheckpoint(checkpoint: unknown): Promise<void>;
  function readFile(path: string, encoding: "utf8"): Promise<string>;
}
`;

/** Every ```ts block, named `content/guides/x.md#n`. */
export function guideBlocks(dir = contentDir): { name: string; code: string }[] {
  const found: { name: string; code: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".md")) {
        let n = 0;
        for (const [, code] of readFileSync(path, "utf8").matchAll(/```ts\n([\s\S]*?)```/g))
          found.push({ name: `content/${relative(dir, path)}#${++n}`, code: code as string });
      }
    }
  };
  walk(dir);
  return found;
}
