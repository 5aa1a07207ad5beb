import { participant, type SideConversationMessageInput } from "@sideconvo/client";
import { CliError, EXIT } from "./exit-codes.js";

export type Recipient = SideConversationMessageInput["to"][number];

export const RECIPIENT_HELP = `Recipients (--to, comma-separated, all of one type):
  someone@example.com         email, by address
  user:123                    email, to the Zendesk user 123
  slack:T123ABC/C456DEF       Slack workspace T123ABC, channel C456DEF
  group:123  group:123/456    child ticket for Support group 123 (and agent 456)
  teams:19:abc@thread.tacv2   Microsoft Teams channel`;

/** `--to a,b,c` into the API's participants. The client then checks types are not mixed. */
export function parseRecipients(list: string): Recipient[] {
  const items = list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new CliError(`--to names no recipient (got "${list}")`, EXIT.usage);
  return items.map(parseRecipient);
}

function parseRecipient(item: string): Recipient {
  const at = item.indexOf(":");
  const kind = at > 0 && !item.slice(0, at).includes("@") ? item.slice(0, at) : "";
  const rest = item.slice(at + 1);
  const bad = (form: string) => new CliError(`the recipient "${item}" is not of the form ${form}`, EXIT.validation);
  switch (kind) {
    case "": {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(item)) throw bad("someone@example.com");
      return participant.email(item);
    }
    case "user": {
      if (!/^[1-9]\d*$/.test(rest)) throw bad("user:<user id>");
      return participant.user(Number(rest));
    }
    case "slack": {
      const [workspace, channel, extra] = rest.split("/");
      if (!workspace || !channel || extra !== undefined) throw bad("slack:<workspace id>/<channel id>");
      return participant.slack(workspace, channel);
    }
    case "group": {
      const [group, agent, extra] = rest.split("/");
      if (!group || !/^\d+$/.test(group) || (agent !== undefined && !/^\d+$/.test(agent)) || extra !== undefined)
        throw bad("group:<group id> or group:<group id>/<agent id>");
      return participant.childTicket(Number(group), agent === undefined ? undefined : Number(agent));
    }
    case "teams": {
      if (!rest) throw bad("teams:<channel id>");
      return participant.teams(rest);
    }
    default:
      throw new CliError(
        `the recipient "${item}" has an unknown kind "${kind}:" (use an email, user:, slack:, group: or teams:)`,
        EXIT.validation,
      );
  }
}
