// The router: the spec's operation index as routes (literal paths before templated ones), the
// `.json` suffix and the vendor's singular alias, and each operation's handler.
import { type OperationId, operations, type SpecOperation } from "@sideconvo/openapi/operations";
import { attachments } from "../resources/attachments.js";
import type { Handler, Handlers } from "../resources/context.js";
import { conversationLog } from "../resources/conversation-log.js";
import { events } from "../resources/events.js";
import { sideConversations } from "../resources/side-conversations.js";
import { badRequest } from "./problems.js";

const HANDLERS: Handlers = { ...sideConversations, ...events, ...attachments, ...conversationLog };

export const ALIAS_WARNING =
  '299 sideconvo-sandbox "/side_conversation/ (singular, as in the vendor\'s show sample) answered as /side_conversations/; the spec has only the plural"';

export interface Route {
  op: SpecOperation;
  handler: Handler;
  pattern: RegExp;
  names: string[];
}

/** The operation index as routes: literal paths before templated ones (the index's own order). */
const ROUTES: Route[] = operations.map((op) => {
  const names: string[] = [];
  const source = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const handler = HANDLERS[op.operationId as OperationId];
  if (!handler) throw new Error(`the sandbox has no handler for ${op.operationId}`);
  return { op, handler, pattern: new RegExp(`^${source}$`), names };
});

/** A path segment decoded; a malformed percent escape is the caller's mistake (400), never a crash. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badRequest("Invalid request", `The path has a malformed percent escape: ${JSON.stringify(segment)}`, [
      {
        location: ["request", "path"],
        code: "percent-escape",
        message: `malformed percent escape in ${JSON.stringify(segment)}`,
      },
    ]);
  }
}

export function route(method: string, pathname: string) {
  // `.json` belongs to the last segment only: `/side_conversations/abc.json` is the id `abc`.
  let path = pathname.endsWith(".json") ? pathname.slice(0, -5) : pathname;
  // The vendor's own show sample spells the collection in the singular; answered as show, with a warning.
  const singular = /^(\/api\/v2\/tickets\/[^/]+)\/side_conversation(\/[^/]+)$/.exec(path);
  const alias = Boolean(singular && singular[2] !== "/import");
  if (alias && singular) path = `${singular[1]}/side_conversations${singular[2]}`;
  let pathExists = false;
  for (const candidate of ROUTES) {
    const match = candidate.pattern.exec(path);
    if (!match) continue;
    pathExists = true;
    if (candidate.op.method !== method) continue;
    const params: Record<string, string> = {};
    candidate.names.forEach((name, i) => {
      params[name] = decodeSegment(match[i + 1] as string);
    });
    return { route: candidate, params, alias };
  }
  return { pathExists };
}
