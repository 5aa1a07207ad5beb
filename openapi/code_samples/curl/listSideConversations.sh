curl "https://acme.zendesk.com/api/v2/tickets/42/side_conversations?include=events&per_page=100" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN"
