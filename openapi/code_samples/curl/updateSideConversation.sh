curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations/8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f" \
  -X PUT \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"side_conversation": {"state": "closed"}}'
