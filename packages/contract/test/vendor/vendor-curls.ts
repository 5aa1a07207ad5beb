// The vendor's curl lines, copied verbatim (flattened as the reference pages were: the "\-v" and the
// runs of spaces are the page's, not ours) from the files named, so that the mock is tried with
// exactly what a reader pastes. The test swaps only the placeholders ({subdomain} host, ids,
// credentials) and the "[email protected]" the page scraper left where an address was.
export interface VendorCurl {
  /** Where it was printed: file and line under the vendor's reference pages. */
  source: string;
  /** The operation of the spec it calls. */
  operation: string;
  curl: string;
}

export const vendorCurls: VendorCurl[] = [
  {
    source: "side-conversations.txt:51",
    operation: "listSideConversations",
    curl: "curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}/side_conversations.json \\-v -u {email_address}:{password}",
  },
  {
    source: "side-conversations.txt:100",
    operation: "showSideConversation",
    curl: "curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}/side_conversation/{side_conversation_id}.json \\-v -u {email_address}:{password}",
  },
  {
    source: "side-conversations.txt:228",
    operation: "createSideConversation",
    curl: 'curl https://{subdomain}.zendesk.com/api/v2/tickets/42/side_conversations.json \\-d \'{"message": {"subject": "My printer is on fire!", "body": "The smoke is very colorful.", "to": [{"email": "[email\u00a0protected]"}], "attachment_ids": ["s3-d2a3111e-26d9-4e1c-88b4-cf7c0649d81d"]}\' \\-H "Content-Type: application/json" -v -u {email_address}:{password} -X POST',
  },
  {
    source: "side-conversations.txt:292",
    operation: "updateSideConversation",
    curl: 'curl https://{subdomain}.zendesk.com/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17.json \\  -d \'{"side_conversation": {"state": "closed"}}\' \\  -H "Content-Type: application/json" \\  -v -u {email_address}:{password} -X PUT',
  },
  {
    source: "side-conversations.txt:352",
    operation: "replyToSideConversation",
    curl: 'curl https://{subdomain}.zendesk.com/api/v2/tickets/42/side_conversations/8566255a-ece5-11e8-857d-493066fa7b17/reply.json \\  -d \'{"message": {"subject": "My printer is on fire!", "body": "The smoke is very colorful.", "to": [{"email": "[email\u00a0protected]"}], "attachment_ids": ["s3-d2a3111e-26d9-4e1c-88b4-cf7c0649d81d"]}\' \\  -H "Content-Type: application/json" -v -u {email_address}:{password} -X POST',
  },
  {
    source: "side-conversations.txt:411",
    operation: "importSideConversation",
    curl: 'curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}/side_conversations/import.json \\  -v -u {email_address}:{password} -X POST \\  -H "Content-Type: application/json" \\  -d \'{        "side_conversation": {          "subject": "My printer is on fire!",          "state": "open",          "external_ids": {            "threadExternalId": "thread-external"          }        },      "events": [        {          "created_at": "2022-10-05T20:47:02.230Z",          "message": {            "subject": "My printer is on fire!",            "body": "The smoke is very colorful.",            "to": [{ "email": "[email\u00a0protected]" }],            "from": { "email": "[email\u00a0protected]" }          }        }      ]    }\'',
  },
  {
    source: "side-conversations.txt:471",
    operation: "importSideConversationEvents",
    curl: 'curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/events/import.json \\  -v -u {email_address}:{password} -X POST \\  -H "Content-Type: application/json" \\  -d \'{    "events": [      {        "created_at": "2022-10-05T20:47:02.230Z",        "message": {          "subject": "My printer is on fire!",          "body": "The smoke is very colorful.",          "to": [{ "email": "[email\u00a0protected]" }],          "from": { "email": "[email\u00a0protected]" }        }      }    ]  }\'',
  },
  {
    source: "side-conversation-events.txt:65",
    operation: "listSideConversationEvents",
    curl: "curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}/side_conversations/{side_conversation_id}/events.json \\  -v -u {email_address}:{password}",
  },
  {
    source: "side-conversation-events.txt:111",
    operation: "exportSideConversationEvents",
    curl: "curl https://{subdomain}.zendesk.com/api/v2/tickets/side_conversations/events.json?start_time=1332034771 \\  -v -u {email_address}:{password}",
  },
  {
    source: "conversation-log.txt:79",
    operation: "listConversationLog",
    curl: "curl https://{subdomain}.zendesk.com/api/v2/tickets/{ticket_id}/conversation_log.json \\  -v -u {email_address}/token:{api_token}",
  },
];
