curl -g "https://acme.zendesk.com/api/v2/tickets/42/conversation_log?page[size]=100&sort=created_at" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN"
