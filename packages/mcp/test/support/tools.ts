/** The tools the server lists, in order: what every client of these tests expects to see. */
export const TOOL_NAMES = [
  "list_side_conversations",
  "show_side_conversation",
  "start_side_conversation",
  "reply_to_side_conversation",
  "close_side_conversation",
  "reopen_side_conversation",
  "read_conversation_log",
  "read_events_since",
];
