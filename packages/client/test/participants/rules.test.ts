import { describe, expect, it } from "vitest";
import { checkMessage, checkParticipant, ValidationError } from "../../src/index.js";
import { checkExternalIds } from "../../src/participants.js";

// The edges of each rule: the last value that passes and the first that does not, and the words
// of each error (field, problem, value), which is what a caller reads.
const refused = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error("expected a ValidationError");
};
const to = [{ email: "a@example.com" }];

describe("participants", () => {
  it.each([
    [{ email: "a@example.com", name: "A" }, "email"],
    [{ user_id: 1 }, "email"],
    [{ support_group_id: "123" }, "child ticket"],
    [{ support_group_id: 1, support_agent_id: "9" }, "child ticket"],
    [{ slack_workspace_id: "T", slack_channel_id: "C" }, "Slack"],
    [{ msteams_channel_id: "19:x" }, "Microsoft Teams"],
  ])("%j is a participant of type %s", (value, type) => {
    expect(checkParticipant(value, "p")).toBe(type);
  });

  it.each([
    [{ support_group_id: "0123" }, 'p.support_group_id must be a positive integer or a string of digits (got "0123")'],
    [{ support_group_id: "12a" }, 'p.support_group_id must be a positive integer or a string of digits (got "12a")'],
    [{ support_group_id: "a12" }, 'p.support_group_id must be a positive integer or a string of digits (got "a12")'],
    [
      { support_group_id: "1", support_agent_id: true },
      "p.support_agent_id must be a positive integer or a string of digits (got true)",
    ],
    [{ user_id: 0 }, "p.user_id must be a positive integer (got 0)"],
    [{ email: 5 }, "p.email must be an email address (got 5)"],
    [{ email: "a@b" }, 'p.email must be an email address (got "a@b")'],
    [{ email: 'a"b@example.com' }, 'p.email must be an email address (got "a\\"b@example.com")'],
    [{ email: "a@example." }, 'p.email must be an email address (got "a@example.")'],
    [{ slack_workspace_id: "T", slack_channel_id: "" }, 'p.slack_channel_id must be a non-empty string (got "")'],
  ])("refuses %j", (value, message) => {
    expect(refused(() => checkParticipant(value, "p"))).toBe(message);
  });

  it("takes an email of 254 characters and refuses one of 255", () => {
    const email = (length: number) => `${"a".repeat(length - "@example.com".length)}@example.com`;
    expect(checkParticipant({ email: email(254) }, "p")).toBe("email");
    expect(refused(() => checkParticipant({ email: email(255) }, "p"))).toMatch(/^p\.email must be an email address/);
  });

  it.each([[["email"]], ["x"], [null]])("refuses %j, which is not an object, naming the shapes it takes", (value) => {
    expect(refused(() => checkParticipant(value, "p"))).toMatch(/^p is not a participant of one type: give user_id;/);
  });
});

describe("messages", () => {
  it.each([[[]], ["text"], [null]])("refuses %j as a message", (value) => {
    expect(refused(() => checkMessage(value))).toMatch(/^message must be a message object with at least `to`/);
  });

  it.each(["xsubject", "subjectx", "bodies"])("refuses the field %s, which only looks like a message field", (key) => {
    expect(refused(() => checkMessage({ to, [key]: "x" }))).toBe(`message.${key} is not a message field (got "x")`);
  });

  it("takes a subject of 255 characters and refuses one of 256", () => {
    expect(() => checkMessage({ to, subject: "s".repeat(255) })).not.toThrow();
    expect(refused(() => checkMessage({ to, subject: "s".repeat(256) }))).toMatch(
      /^message\.subject must be at most 255 characters \(got "s{20,}/,
    );
  });

  it("names the recipient that breaks the rules by its index", () => {
    expect(refused(() => checkMessage({ to: [...to, { email: "nope" }] }))).toMatch(/^message\.to\[1\]\.email must be/);
  });

  it.each([
    ["a string", "a"],
    ["a non-string id", ["a", 5]],
    ["a duplicate", ["a", "a"]],
    ["an empty id", [""]],
  ])("refuses attachment_ids with %s", (_, ids) => {
    expect(refused(() => checkMessage({ to, attachment_ids: ids }))).toMatch(
      /^message\.attachment_ids must be an array of distinct attachment ids/,
    );
  });
});

describe("external ids", () => {
  it("take keys of 1 to 255 characters with string values", () => {
    expect(() => checkExternalIds({ ["k".repeat(255)]: "v" }, "ids")).not.toThrow();
    expect(refused(() => checkExternalIds({ ["k".repeat(256)]: "v" }, "ids"))).toMatch(
      /^ids\.k+ must be a string, under a key of 1 to 255 characters \(got "v"\)/,
    );
    expect(refused(() => checkExternalIds({ crm: 5 }, "ids"))).toBe(
      "ids.crm must be a string, under a key of 1 to 255 characters (got 5)",
    );
  });

  it.each([[[]], ["x"], [null]])("refuse %j, which is not an object", (value) => {
    expect(refused(() => checkExternalIds(value, "ids"))).toMatch(/^ids must be an object of strings/);
  });
});
