curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"message": {"subject": "My printer is on fire!", "body": "The smoke is very colorful.", "to": [{"email": "someone@example.com", "name": "Someone"}]}}'
