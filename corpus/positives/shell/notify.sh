#!/usr/bin/env bash
# usage: notify.sh "message"
MSG="${1:-ping}"

curl -s -X POST -H 'Content-type: application/json' \
  --data "{\"text\":\"${MSG}\"}" \
  https://hooks.slack.com/services/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

curl -s "https://api.telegram.org/bot4248879906:AAW_aM9bEgOkh5RhoQyWTdx4iwe5N8w49_N/sendMessage" \
  --data-urlencode "chat_id=-1001766602931" \
  --data-urlencode "text=${MSG}"
