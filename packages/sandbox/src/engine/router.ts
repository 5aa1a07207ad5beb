// The router: the spec's operation index, matched by its own `match` (literal paths before
// templated ones, the `.json` suffix, the vendor's singular alias), and each operation's handler.
import { match, type OperationId, operations, type SpecOperation } from "@sideconvo/openapi/operations";
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
}

// Every operation of the index has its handler, checked when the sandbox loads.
for (const op of operations)
  if (!HANDLERS[op.operationId as OperationId]) throw new Error(`the sandbox has no handler for ${op.operationId}`);

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

/**
 * The operation and handler of a request, with its path parameters decoded: the spec's one matcher
 * (`match` of @sideconvo/openapi/operations: `.json`, the vendor's singular alias), or whether the
 * path exists for another method.
 */
export function route(method: string, pathname: string) {
  const found = match(method, pathname);
  if (!found.operation) return { pathExists: found.pathExists };
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(found.params)) params[name] = decodeSegment(raw);
  const op = found.operation;
  return { route: { op, handler: HANDLERS[op.operationId] as Handler }, params, alias: found.alias };
}
