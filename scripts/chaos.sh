#!/usr/bin/env bash
# The fault and tampering suite, on demand (src/test/java/dev/labhand/bench/ChaosHarness.java): real
# Labhand processes on one database against the real Docker engine -- N learners creating at once, one
# learner creating from M processes, a kill -9 at each named step of create and remove, the engine away,
# the database held by another process -- then every tamper class on a copy of the log they wrote.
# Prints one table; target: 0 internal errors, one outcome row per call, 0 unfinished, 0 orphans,
# 0 stuck rows, every tamper class found.
# Usage: scripts/chaos.sh [learners=30] [one-learner-processes=20] [db-held-seconds=15]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/peers.sh   # Docker engine and the offline test image, idempotently

mvn -q -B test-compile exec:java \
  -Dexec.mainClass=dev.labhand.bench.ChaosHarness \
  -Dexec.classpathScope=test \
  -Dexec.args="$*"
