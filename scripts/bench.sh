#!/usr/bin/env bash
# Runs the benchmark harness (src/test/java/dev/labhand/bench/WorkspaceBench.java): workspace
# create+start through the bot vs the docker CLI vs raw docker-java, and the tool gateway's overhead.
# Then the Discord front end (DiscordAckBench.java): interaction -> first acknowledgement latency through the
# real JDA client, one at a time, in bursts of 25 and as a class arriving at once (200 mixed list/status/create
# from 40 members); then a class-start storm: 60 members creating through the bot vs 60 parallel `docker run -d`.
# Then a remote engine over SSH (RemoteDockerBench.java): SSH connect time, and container
# create+start+remove locally vs through DockerOverSsh against a loopback sshd container.
# Then S3 sync (StorageSyncBench.java): 1,000 small + 5 large files up, down and unchanged, bot vs awscli vs rclone.
# Then the idle culler over 200 workspaces (CullerBench.java).
# Then the offline router (RouterBench.java): loading the model the build shipped vs training it at start, and
# routing latency per sentence (wall and CPU, p50..max).
# Then start-up (StartupBench.java): console start to first reply, RSS, audit verify on 100,000 rows.
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

# S3 sync (StorageSyncBench.java): the bot vs Debian's aws s3 sync and rclone sync against one local S3 server
mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.StorageSyncBench \
  -Dexec.classpathScope=test

# The idle culler's pass over 200 running workspaces on one engine (CullerBench.java): time and engine calls per
# pass, beside `docker stats --no-stream` over the same containers; they are made 10 at a time and removed after.
mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.CullerBench \
  -Dexec.classpathScope=test

mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.RouterBench \
  -Dexec.classpathScope=test

# Start-up (StartupBench.java): java -version as the floor, console start to the first /help line and its RSS
# without and with the AppCDS archive, and audit verify on 100,000 rows; medians, on the shaded jar.
mvn -q -B -DskipTests package   # the jar the bench starts (incremental)
mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.StartupBench \
  -Dexec.classpathScope=test

# Course images (ImageBuildBench.java): a cached rebuild and an uncached build of a small image through the
# bot (image.build) vs `docker build` on the same context, as ratios.
mvn -q -B exec:java \
  -Dexec.mainClass=dev.labhand.bench.ImageBuildBench \
  -Dexec.classpathScope=test
