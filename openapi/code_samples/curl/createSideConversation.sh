curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"message": {"subject": "My printer is on fire!", "body": "The smoke is very colorful.", "to": [{"email": "someone@example.com", "name": "John Doe"}], "external_ids": {"message-external": "xyz"}, "attachment_ids": ["s3-d2a3111e-26d9-4e1c-88b4-cf7c0649d81d"]}, "external_ids": {"conversation-external": "zyx"}}'
