#!/usr/bin/env bash
# Runs the benchmark harness (src/test/java/dev/labhand/bench/WorkspaceBench.java): workspace
# create+start through the bot vs the docker CLI vs raw docker-java, and the tool gateway's overhead.
# Then the Discord front end (DiscordAckBench.java): interaction -> first acknowledgement latency through the
# real JDA client, one at a time, in bursts of 25 and as a class arriving at once (200 mixed list/status/create
# from 40 members); then a class-start storm: 60 members creating through the bot vs 60 parallel `docker run -d`.
# Then a remote engine over SSH (RemoteDockerBench.java): SSH connect time, and container
# create+start+remove locally vs through DockerOverSsh against a loopback sshd container.
# Then course images (ImageBuildBench.java): image.build vs docker build, cached and uncached.
# Usage: scripts/bench.sh [iterations]     # iterations of create+start per path, default 15
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/peers.sh   # Docker engine and the offline test image, idempotently

mvn -q -B test-compile exec:java \
  -Dexec.mainClass=dev.labhand.bench.WorkspaceBench \
  -Dexec.classpathScope=test \
  -Dexec.args="$*"

mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.DiscordAckBench \
  -Dexec.classpathScope=test

scripts/peers.sh test   # the sshd image the remote bench connects to

mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.RemoteDockerBench \
  -Dexec.classpathScope=test \
  -Dexec.args="$*"

# Course images (ImageBuildBench.java): a cached rebuild and an uncached build of a small image through the
# bot (image.build) vs `docker build` on the same context, as ratios.
mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.ImageBuildBench \
  -Dexec.classpathScope=test
