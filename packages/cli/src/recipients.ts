import { checkParticipant, participant, type SideConversationMessageInput } from "@sideconvo/client";
import { CliError, EXIT } from "./exit-codes.js";

export type Recipient = SideConversationMessageInput["to"][number];

export const RECIPIENT_HELP = `Recipients (--to, comma-separated, all of one type):
  someone@example.com         email, by address
  user:123                    email, to the Zendesk user 123
  slack:T123ABC/C456DEF       Slack workspace T123ABC, channel C456DEF
  group:123  group:123/456    child ticket for Support group 123 (and agent 456)
  teams:19:abc@thread.tacv2   Microsoft Teams channel`;

/**
 * `--to a,b,c` (or the answer at the recipients prompt) into the API's participants, all of one
 * type: a mix is refused here, naming the first two of different types, so a prompt asks again.
 */
export function parseRecipients(list: string): Recipient[] {
  const items = list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new CliError(`--to names no recipient (got "${list}")`, EXIT.usage);
  const recipients = items.map(parseRecipient);
  const types = recipients.map((recipient) => checkParticipant(recipient, "recipient"));
  const other = types.findIndex((type) => type !== types[0]);
  if (other > 0)
    throw new CliError(
      `"${items[0]}" is ${types[0]} and "${items[other]}" is ${types[other]}: the recipients of one side conversation must all be of one type`,
      EXIT.validation,
    );
  return recipients;
}

// The written form of each kind, for the error when a recipient is not of it.
const FORMS: Record<string, string> = {
  "": "someone@example.com",
  user: "user:<user id>",
  slack: "slack:<workspace id>/<channel id>",
  group: "group:<group id> or group:<group id>/<agent id>",
  teams: "teams:<channel id>",
};

function parseRecipient(item: string): Recipient {
  const at = item.indexOf(":");
  const kind = at > 0 && !item.slice(0, at).includes("@") ? item.slice(0, at) : "";
  const form = FORMS[kind];
  if (form === undefined)
    throw new CliError(
      `the recipient "${item}" has an unknown kind "${kind}:" (use an email, user:, slack:, group: or teams:)`,
      EXIT.validation,
    );
  const recipient = build(kind, item.slice(at + 1), item);
  try {
    // The values are checked by the client's own participant rules (emails, ids), as the API gets them.
    if (recipient) {
      checkParticipant(recipient, "recipient");
      return recipient;
    }
  } catch {
    // reported below, with the form the recipient should have had
  }
  throw new CliError(`the recipient "${item}" is not of the form ${form}`, EXIT.validation);
}

/** The participant a recipient's text describes, or undefined when the text has not the kind's shape. */
function build(kind: string, rest: string, item: string): Recipient | undefined {
  switch (kind) {
    case "":
      return participant.email(item);
    case "user":
      return /^[1-9]\d*$/.test(rest) ? participant.user(Number(rest)) : undefined;
    case "slack": {
      const [workspace, channel, extra] = rest.split("/");
      return workspace && channel && extra === undefined ? participant.slack(workspace, channel) : undefined;
    }
    case "group": {
      const [group, agent, extra] = rest.split("/");
      const digits = (value: string | undefined) => value !== undefined && /^\d+$/.test(value);
      return digits(group) && (agent === undefined || digits(agent)) && extra === undefined
        ? participant.childTicket(Number(group), agent === undefined ? undefined : Number(agent))
        : undefined;
    }
    default:
      return rest ? participant.teams(rest) : undefined;
  }
}
