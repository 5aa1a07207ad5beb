// Builders for the recipients of each side-conversation type, and the checks a message passes
// before it is sent. The rules are the spec's request schemas written small, so that the client
// stays tiny; a test runs the spec's own table of invalid bodies through them to keep them equal.
import { ValidationError } from "./errors.js";
import type {
  ChildTicketParticipantInput,
  EmailParticipantInput,
  ExternalIdsInput,
  MsTeamsParticipantInput,
  SideConversationMessageInput,
  SlackParticipantInput,
} from "./types.js";

export const participant = {
  /** An email recipient by address, optionally with a display name. */
  email: (email: string, name?: string): EmailParticipantInput => (name === undefined ? { email } : { email, name }),
  /** An email recipient who is an existing Zendesk user. */
  user: (userId: number): EmailParticipantInput => ({ user_id: userId }),
  /** A Slack channel of a workspace. */
  slack: (workspaceId: string, channelId: string): SlackParticipantInput => ({
    slack_workspace_id: workspaceId,
    slack_channel_id: channelId,
  }),
  /** A child ticket for a Support group, optionally assigned to one of its agents. */
  childTicket: (groupId: number | string, agentId?: number | string): ChildTicketParticipantInput =>
    agentId === undefined ? { support_group_id: groupId } : { support_group_id: groupId, support_agent_id: agentId },
  /** A Microsoft Teams channel. */
  teams: (channelId: string): MsTeamsParticipantInput => ({ msteams_channel_id: channelId }),
};

// Each participant shape, by its sorted keys, and the side-conversation type it belongs to.
const SHAPES: Record<string, string> = {
  user_id: "email",
  email: "email",
  "email,name": "email",
  "slack_channel_id,slack_workspace_id": "Slack",
  support_group_id: "child ticket",
  "support_agent_id,support_group_id": "child ticket",
  msteams_channel_id: "Microsoft Teams",
};

const positive = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
const text = (value: unknown) => typeof value === "string" && value !== "";
const digits = (value: unknown) => positive(value) || (typeof value === "string" && /^[1-9]\d*$/.test(value));

type Rule = [test: (value: unknown) => boolean, problem: string];
const groupOrAgent: Rule = [digits, "must be a positive integer or a string of digits"];

// Each field: its test, and what the error says when it fails (any other: a non-empty string).
const FIELDS: Record<string, Rule> = {
  user_id: [positive, "must be a positive integer"],
  email: [
    (value) =>
      text(value) &&
      (value as string).length <= 254 &&
      /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\]+\.[^\s@"(),:;<>[\]\\.]+$/.test(value as string),
    "must be an email address",
  ],
  support_group_id: groupOrAgent,
  support_agent_id: groupOrAgent,
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value);

/** The side-conversation type of one participant; a ValidationError says what is wrong. */
export function checkParticipant(value: unknown, field: string): string {
  const keys = isObject(value) ? Object.keys(value) : [];
  const type = SHAPES[keys.length === 1 ? (keys[0] as string) : [...keys].sort().join()];
  if (!type) {
    throw new ValidationError(
      field,
      value,
      "is not a participant of one type: give user_id; or email (and name); or slack_workspace_id and slack_channel_id; or support_group_id (and support_agent_id); or msteams_channel_id",
    );
  }
  for (const key of keys) {
    const [test, problem] = FIELDS[key] ?? [text, "must be a non-empty string"];
    const item = (value as Record<string, unknown>)[key];
    if (!test(item)) throw new ValidationError(`${field}.${key}`, item, problem);
  }
  return type;
}

/** Checks a message to create, reply with or import; a ValidationError names the field. */
export function checkMessage(message: unknown, field = "message"): asserts message is SideConversationMessageInput {
  if (!isObject(message)) throw new ValidationError(field, message, "must be a message object with at least `to`");
  const { to, from, subject, external_ids, attachment_ids } = message;
  for (const key of Object.keys(message)) {
    const value = message[key];
    if (!/^(subject|body|html_body|to|from|external_ids|attachment_ids)$/.test(key))
      throw new ValidationError(`${field}.${key}`, value, "is not a message field");
    if (/body|subject/.test(key) && typeof value !== "string")
      throw new ValidationError(`${field}.${key}`, value, "must be a string");
  }
  if ((subject as string)?.length > 255)
    throw new ValidationError(`${field}.subject`, subject, "must be at most 255 characters");
  if (!Array.isArray(to) || !to.length)
    throw new ValidationError(`${field}.to`, to, "must be a non-empty array of recipients");
  let first: string | undefined;
  to.forEach((recipient, index) => {
    const type = checkParticipant(recipient, `${field}.to[${index}]`);
    first ??= type;
    if (type !== first) {
      throw new ValidationError(
        `${field}.to[${index}]`,
        recipient,
        `is ${type}, but to[0] is ${first}: recipients cannot mix types`,
      );
    }
  });
  if (from !== undefined) checkParticipant(from, `${field}.from`);
  if (external_ids !== undefined) checkExternalIds(external_ids, `${field}.external_ids`);
  if (
    attachment_ids !== undefined &&
    !(
      Array.isArray(attachment_ids) &&
      attachment_ids.every(text) &&
      new Set(attachment_ids).size === attachment_ids.length
    )
  ) {
    throw new ValidationError(`${field}.attachment_ids`, attachment_ids, "must be an array of distinct attachment ids");
  }
}

export function checkExternalIds(value: unknown, field: string): asserts value is ExternalIdsInput {
  if (!isObject(value)) throw new ValidationError(field, value, "must be an object of strings");
  for (const [key, item] of Object.entries(value)) {
    if (!key || key.length > 255 || typeof item !== "string") {
      throw new ValidationError(`${field}.${key}`, item, "must be a string, under a key of 1 to 255 characters");
    }
  }
}
