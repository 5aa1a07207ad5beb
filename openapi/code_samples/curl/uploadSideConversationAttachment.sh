curl "https://acme.zendesk.com/api/v2/tickets/side_conversations/attachments" \
  -u "agent@acme.com/token:$ZENDESK_API_TOKEN" \
  -F "file=@printer.log;type=text/plain"
