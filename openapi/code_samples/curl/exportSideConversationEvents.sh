curl "https://acme.zendesk.com/api/v2/tickets/side_conversations/events?start_time=1793491200" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN"
