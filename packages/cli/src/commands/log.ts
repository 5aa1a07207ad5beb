import type { ConversationLogEvent } from "@sideconvo/client";
import { ticketId } from "../args.js";
import type { Context } from "../context.js";
import { ndjson } from "../output.js";

/** One line of the timeline: when, who, what. */
function describe(event: ConversationLogEvent): string {
  const e = event as Record<string, unknown> & {
    author?: { type?: string; display_name?: string | null };
    content?: { type?: string; text?: string; body?: string; alt_text?: string; media_url?: string };
  };
  const content = e.content;
  const what =
    content?.text ??
    content?.body ??
    (content?.type === "image" || content?.type === "file"
      ? `[${content.type}] ${content.alt_text ?? content.media_url ?? ""}`
      : `[${content?.type ?? event.type}]`);
  return String(what)
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export async function log(ctx: Context, ticket: string, flags: { sort?: string; limit?: number }) {
  const sort = flags.sort === "newest" ? "-created_at" : "created_at";
  const timeline = ctx.output.tty && !ctx.output.json; // NDJSON whenever the output is not a person
  let count = 0;
  for await (const event of ctx.zd.iterate.conversationLog(ticketId(ticket), { sort })) {
    if (!timeline) await ctx.output.out(ndjson(event));
    else {
      const e = event as { author?: { type?: string; display_name?: string | null } };
      const when = ctx.output.paint("dim", (event.created_at ?? "").slice(0, 16).replace("T", " "));
      const who = ctx.output.paint("bold", `${e.author?.display_name ?? "?"} (${e.author?.type ?? "?"})`);
      await ctx.output.out(`${when}  ${who}\n    ${describe(event)}\n`);
    }
    if (flags.limit !== undefined && ++count >= flags.limit) break;
  }
}
