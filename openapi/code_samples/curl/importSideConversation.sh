curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations/import" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"side_conversation": {"subject": "I have problems", "state": "open", "external_ids": {"threadExternalId": "thread-external"}}, "events": [{"created_at": "2022-10-05T20:47:02.230Z", "message": {"subject": "My printer is on fire!", "body": "The smoke is very colorful.", "to": [{"email": "someone@example.com"}], "from": {"email": "requester@example.com"}}}]}'
