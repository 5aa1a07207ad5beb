// The common jobs, as prompts an agent's user can pick: escalate a ticket to a team and report back,
// and follow up on the side conversations a ticket already has.
import type { GetPromptResult, Prompt } from "@modelcontextprotocol/sdk/types.js";
import { ToolInputError } from "./results.js";

export const PROMPTS: Prompt[] = [
  {
    name: "escalate_ticket",
    title: "Escalate a ticket to a team and report back",
    description: "Read the ticket, ask another team in a side conversation, collect the answer, report it.",
    arguments: [
      { name: "ticket_id", description: "The ticket to escalate.", required: true },
      {
        name: "team",
        description:
          "Who to ask: email addresses, a Slack channel (workspace and channel ids), a Teams channel, or a Support group for a child ticket.",
        required: true,
      },
      { name: "question", description: "What to ask them (otherwise: what the ticket needs from them)." },
    ],
  },
  {
    name: "follow_up",
    title: "Follow up on a ticket's side conversations",
    description: "Summarise each side conversation of a ticket: who was asked, what they answered, what is still open.",
    arguments: [{ name: "ticket_id", description: "The ticket.", required: true }],
  },
];

export function getPrompt(name: string, args: Record<string, string> = {}): GetPromptResult | undefined {
  const ticket = args.ticket_id ?? "";
  if ((name === "escalate_ticket" || name === "follow_up") && !/^[1-9]\d*$/.test(ticket))
    throw new ToolInputError("ticket_id", args.ticket_id, "must be a ticket's id, a positive integer");
  if (name === "escalate_ticket") {
    if (!args.team?.trim()) throw new ToolInputError("team", args.team, "must say who to ask");
    const ask = args.question?.trim()
      ? `Ask them: ${args.question.trim()}`
      : "Ask them what the ticket needs from them.";
    return {
      description: `Escalate ticket ${ticket} to ${args.team}`,
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: [
              `Escalate ticket ${ticket} to ${args.team}, then report back to me.`,
              "",
              `1. Read the ticket's conversation log (read_conversation_log) and list_side_conversations, so you know the problem and do not ask twice.`,
              `2. Start one side conversation (start_side_conversation) to ${args.team}: recipients of one type only. ${ask} Write a subject that names the ticket's problem, and a body the team can act on without opening the ticket.`,
              "3. Check for their answer with show_side_conversation; do not poll more than once a minute, and wait as long as a rate-limit answer says.",
              "4. When they have answered, close the side conversation (close_side_conversation) and tell me, in a few lines, what they said and what the ticket needs next.",
              "",
              "If a tool refuses an input, fix what its sentence names and call it again. If the server says writes are off, stop and tell me. Say whether you worked on the sandbox or the account (every tool answer says which).",
            ].join("\n"),
          },
        },
      ],
    };
  }
  if (name === "follow_up")
    return {
      description: `Follow up on ticket ${ticket}'s side conversations`,
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: `For ticket ${ticket}: list its side conversations (list_side_conversations with include_events), and for each say who was asked, what they answered and whether it is still open. Do not send anything. End with what is still waiting for an answer.`,
          },
        },
      ],
    };
  return undefined;
}
