#!/bin/bash
# The container's health check: GET /healthz on Labhand's operations endpoint (operations.http.bind, default
# 127.0.0.1:9464) with bash's /dev/tcp, so no JVM and no extra package is needed. Exit 0 when it answers 200,
# 1 otherwise (503 names the failing checks; a closed port means the bot is not serving).
# LABHAND_HEALTH_ADDR=host:port overrides the address (keep it equal to operations.http.bind).
addr=${LABHAND_HEALTH_ADDR:-127.0.0.1:9464}
host=${addr%:*}
port=${addr##*:}
exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || { echo "labhand health: nothing answers on $addr"; exit 1; }
printf 'GET /healthz HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$addr" >&3
IFS= read -r -t 4 status <&3 || { echo "labhand health: no answer from $addr"; exit 1; }
status=${status%$'\r'}
echo "labhand health: $status"
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
