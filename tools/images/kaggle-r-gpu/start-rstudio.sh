#!/bin/sh
# The seed course's entry, `rstudio-server start`, returns at once (the server daemonises), and a
# container whose main process ends stops. So: set the password, start the server, then stay in the
# foreground for as long as rserver runs (the container stops when the server does).
set -e
if [ -n "${PASSWORD:-}" ]; then echo "rstudio:${PASSWORD}" | chpasswd; fi
rstudio-server start
sleep 2
while pgrep -x rserver >/dev/null; do sleep 5; done
echo "rserver stopped" >&2
exit 1
