#!/usr/bin/env bash
# The embedded default: make sure a Docker engine runs (installing Debian's docker.io if needed),
# build the jar, and start the console. Arguments go to `labhand console`, e.g. --as alice --lang en.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/peers.sh
if [ ! -f target/labhand.jar ] || [ -n "$(find src config pom.xml -newer target/labhand.jar -print -quit)" ]; then
  echo "[start] building target/labhand.jar" >&2
  mvn -q -B -DskipTests package
fi
exec java -jar target/labhand.jar console "$@"
