curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations/8566255a-7ad8-11ea-85d6-9b1c5dbc1b9f/events/import" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"events": [{"created_at": "2022-10-05T20:47:02.230Z", "message": {"body": "An older reply, brought over from the other system.", "to": [{"email": "someone@example.com"}], "from": {"email": "requester@example.com"}}}]}'
