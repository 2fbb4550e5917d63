#!/usr/bin/env bash
# Everything the tests need, then the tests: the Docker engine, the offline test images and the
# loopback registry (scripts/peers.sh test), then Maven's whole suite. Extra arguments go to Maven,
# e.g. scripts/test.sh -Dtest=WorkspaceLifecycleTest
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/peers.sh test
mvn -B verify "$@"
