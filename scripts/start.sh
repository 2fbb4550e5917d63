#!/usr/bin/env bash
# The embedded default: make sure a Docker engine runs (installing Debian's docker.io if needed),
# build the jar, and start the console. Arguments go to `labhand console`, e.g. --as alice --lang en.
# Beside the jar it keeps a class-data-sharing archive (AppCDS, target/labhand.jsa) of the classes a start and a
# /help load, made once per jar by a throwaway run: later starts map those classes instead of loading them again.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/peers.sh
if [ ! -f target/labhand.jar ] || [ -n "$(find src config pom.xml -newer target/labhand.jar -print -quit)" ]; then
  echo "[start] building target/labhand.jar" >&2
  mvn -q -B -DskipTests package
fi
if [ ! -s target/labhand.jsa ] || [ target/labhand.jar -nt target/labhand.jsa ]; then
  echo "[start] making the class-data archive target/labhand.jsa" >&2
  scratch=$(mktemp -d)
  rm -f target/labhand.jsa
  echo /help | java -Duser.home="$scratch" -XX:ArchiveClassesAtExit=target/labhand.jsa -jar target/labhand.jar \
    console --db "$scratch/labhand.db" --as cds --lang en >/dev/null 2>&1 || true
  rm -rf "$scratch"
fi
exec java -XX:SharedArchiveFile=target/labhand.jsa -Xshare:auto -jar target/labhand.jar console "$@"
