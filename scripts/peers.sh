#!/usr/bin/env bash
# Installs and starts what Labhand and its tests need on this machine, idempotently:
#   - Debian's docker.io engine (started in the background when none answers),
#   - busybox-static, from which the offline images are built (no registry is reachable here),
#   - the images themselves: labhand/starter (the embedded default's demo workspace image) and
#     labhand-test/busybox (the tests' workspace image),
#   - with "test": a local image registry (Debian's docker-registry) on 127.0.0.1:5055 holding
#     labhand-test/busybox:pull, so image pulls are tested for real with no outside registry;
#     a second registry on 127.0.0.1:5056 with htpasswd authentication (user labhand-test, password
#     labhand-test-pass: test-only values), for image.push;
#     and labhand-test/sshd, a Debian bookworm root filesystem with openssh-server built by
#     debootstrap from the mirror apt already uses, the "remote host" of the SSH tests.
# Usage: scripts/peers.sh          # engine + images (what the console needs)
#        scripts/peers.sh test     # also the registry (what the tests need)
set -euo pipefail
WITH_TEST_PEERS=false
[ "${1:-}" = "test" ] && WITH_TEST_PEERS=true

SOCK=/var/run/docker.sock
DOCKER=/usr/bin/docker   # Debian's client, matching the engine (another docker may come first on PATH)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

log() { printf '[peers] %s\n' "$*" >&2; }

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
$WITH_TEST_PEERS && { [ -x /usr/bin/docker-registry ] || need_pkgs+=(docker-registry); }
$WITH_TEST_PEERS && { command -v htpasswd >/dev/null 2>&1 || need_pkgs+=(apache2-utils); }
$WITH_TEST_PEERS && { command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || need_pkgs+=(debootstrap); }
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
# the storage tests' and bench's peers: Debian's awscli (/usr/bin/aws) and rclone against a local S3 server
$WITH_TEST_PEERS && { [ -x /usr/bin/aws ] || need_pkgs+=(awscli); }
$WITH_TEST_PEERS && { [ -x /usr/bin/rclone ] || need_pkgs+=(rclone); }
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]} from Debian's packages"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

engine_up() { $DOCKER -H "unix://$SOCK" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! engine_up; then
  log "starting dockerd (log: /var/log/labhand-dockerd.log)"
  # Published ports bind to loopback unless a template says otherwise.
  $SUDO sh -c "nohup dockerd --host unix://$SOCK --ip 127.0.0.1 >/var/log/labhand-dockerd.log 2>&1 &"
  for _ in $(seq 1 60); do engine_up && break; sleep 0.5; done
  engine_up || { log "dockerd did not come up; see /var/log/labhand-dockerd.log"; exit 1; }
fi
log "docker engine $($DOCKER version --format '{{.Server.Version}}') on $SOCK"

# A busybox root filesystem as an image, built from Debian's static binary: no registry needed.
# IMAGE_VERSION goes up whenever the applets change, so machines rebuild an older image.
IMAGE_VERSION=2
build_busybox_image() {
  local name=$1 dir
  if [ "$($DOCKER image inspect --format '{{index .Config.Labels "labhand.image"}}' "$name" 2>/dev/null)" = "$IMAGE_VERSION" ]; then
    return
  fi
  dir=$(mktemp -d)
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/www" "$dir/etc" "$dir/home/labhand/work"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in sh echo sleep httpd nc cat ls mkdir env printf true false ps wc head tail id date df free uptime; do
    ln -s busybox "$dir/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
  echo '<h1>Labhand workspace</h1>' > "$dir/www/index.html"
  chmod 1777 "$dir/tmp"
  tar -C "$dir" -c . | $DOCKER import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' -c "LABEL labhand.image=$IMAGE_VERSION" - "$name" >/dev/null
  rm -rf "$dir"
  log "built $name"
}

build_busybox_image labhand/starter:latest
build_busybox_image labhand-test/busybox:latest

$WITH_TEST_PEERS || exit 0

# A registry on loopback, for image.pull tests.
REGISTRY=127.0.0.1:5055
registry_up() { curl -fsS "http://$REGISTRY/v2/" >/dev/null 2>&1; }
if ! registry_up; then
  mkdir -p /var/lib/labhand-registry
  cat > /var/lib/labhand-registry/config.yml <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /var/lib/labhand-registry/data
  delete:
    enabled: true
http:
  addr: $REGISTRY
YAML
  log "starting docker-registry on $REGISTRY (log: /var/log/labhand-registry.log)"
  $SUDO sh -c "nohup /usr/bin/docker-registry serve /var/lib/labhand-registry/config.yml >/var/log/labhand-registry.log 2>&1 &"
  for _ in $(seq 1 40); do registry_up && break; sleep 0.25; done
  registry_up || { log "docker-registry did not come up; see /var/log/labhand-registry.log"; exit 1; }
fi
if ! curl -fsS "http://$REGISTRY/v2/labhand-test/busybox/manifests/pull" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' >/dev/null 2>&1; then
  $DOCKER tag labhand-test/busybox:latest "$REGISTRY/labhand-test/busybox:pull"
  $DOCKER push "$REGISTRY/labhand-test/busybox:pull" >/dev/null
  $DOCKER rmi "$REGISTRY/labhand-test/busybox:pull" >/dev/null
  log "pushed labhand-test/busybox:pull to $REGISTRY"
fi
log "registry on $REGISTRY"

# A second registry with htpasswd authentication, for image.push (the anonymous one above stays as it is).
AUTH_REGISTRY=127.0.0.1:5056
AUTH_DIR=/var/lib/labhand-registry-auth
auth_registry_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$AUTH_REGISTRY/v2/")" = 401 ]; }
if $WITH_TEST_PEERS && ! auth_registry_up; then
  $SUDO mkdir -p "$AUTH_DIR"
  htpasswd -Bbn labhand-test labhand-test-pass | $SUDO tee "$AUTH_DIR/htpasswd" >/dev/null
  $SUDO tee "$AUTH_DIR/config.yml" >/dev/null <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $AUTH_DIR/data
  delete:
    enabled: true
auth:
  htpasswd:
    realm: labhand-test
    path: $AUTH_DIR/htpasswd
http:
  addr: $AUTH_REGISTRY
YAML
  log "starting docker-registry with htpasswd on $AUTH_REGISTRY (log: /var/log/labhand-registry-auth.log)"
  $SUDO sh -c "nohup /usr/bin/docker-registry serve $AUTH_DIR/config.yml >/var/log/labhand-registry-auth.log 2>&1 &"
  for _ in $(seq 1 40); do auth_registry_up && break; sleep 0.25; done
  auth_registry_up || { log "docker-registry (htpasswd) did not come up; see /var/log/labhand-registry-auth.log"; exit 1; }
fi
$WITH_TEST_PEERS && log "registry with authentication on $AUTH_REGISTRY"

# A Debian host with sshd, for the SSH tests: no registry is reachable, so debootstrap builds the root
# filesystem from the Debian mirror apt already uses. SSHD_IMAGE_VERSION goes up whenever the package
# list changes, so machines rebuild an older image.
SSHD_IMAGE=labhand-test/sshd:latest
SSHD_IMAGE_VERSION=3   # 3: curl, which storage.sync runs on a remote host
debian_mirror() {
  # The first Debian archive URI in apt's sources (one-line or deb822 format), not the security one.
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    if [ -f "$f" ]; then
      sed -n -e 's/^[[:space:]]*URIs:[[:space:]]*//p' \
        -e 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?//p' "$f"
    fi
  done | awk '!found && $1 !~ /-security/ && $1 !~ /^cdrom:/ { print $1; found = 1 }'
}
if [ "$($DOCKER image inspect --format '{{index .Config.Labels "labhand.image"}}' "$SSHD_IMAGE" 2>/dev/null)" != "$SSHD_IMAGE_VERSION" ]; then
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || { log "no Debian mirror found in /etc/apt/sources.list*; cannot build $SSHD_IMAGE"; exit 1; }
  dir=$(mktemp -d)
  chmod 755 "$dir"   # becomes the image's /, which the tests' non-root user must be able to traverse
  log "building $SSHD_IMAGE with debootstrap from $mirror (about a minute; log: /var/log/labhand-debootstrap.log)"
  if ! $SUDO sh -c 'debootstrap --variant=minbase --include=openssh-server,ca-certificates,curl bookworm "$1" "$2" \
      >/var/log/labhand-debootstrap.log 2>&1' debootstrap "$dir" "$mirror"; then
    log "debootstrap failed; see /var/log/labhand-debootstrap.log"
    $SUDO rm -rf "$dir"
    exit 1
  fi
  $SUDO tar -C "$dir" -c . | $DOCKER import -c 'CMD ["/bin/bash"]' -c "LABEL labhand.image=$SSHD_IMAGE_VERSION" - "$SSHD_IMAGE" >/dev/null
  $SUDO rm -rf "$dir"
  log "built $SSHD_IMAGE"
fi

# A stand-in for the Dockerfile's base image (eclipse-temurin:17-jre), so `docker build .` runs here unchanged
# although no registry is reachable: Debian bookworm with openjdk-17-jre-headless from the same mirror, tagged
# with the base's exact name. A real upstream image of that name (no labhand.image label) is left alone.
# JRE_IMAGE_VERSION goes up whenever the package list or the trimming changes, so machines rebuild.
JRE_IMAGE=$(sed -n 's/^FROM[[:space:]]\+\([^[:space:]]\+\).*/\1/p' "$(dirname "$0")/../Dockerfile" 2>/dev/null | tail -1)
JRE_IMAGE=${JRE_IMAGE:-eclipse-temurin:17-jre}
JRE_IMAGE_VERSION=2
jre_label=$($DOCKER image inspect --format '{{if .Config.Labels}}{{index .Config.Labels "labhand.image"}}{{end}}' \
  "$JRE_IMAGE" 2>/dev/null || echo absent)
if [ "$jre_label" != "$JRE_IMAGE_VERSION" ] && [ -n "$jre_label" ]; then
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || { log "no Debian mirror found in /etc/apt/sources.list*; cannot build $JRE_IMAGE"; exit 1; }
  dir=$(mktemp -d)
  chmod 755 "$dir"
  log "building the stand-in $JRE_IMAGE with debootstrap from $mirror (a few minutes; log: /var/log/labhand-debootstrap-jre.log)"
  if ! $SUDO sh -c 'debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$1" "$2" \
      >/var/log/labhand-debootstrap-jre.log 2>&1' debootstrap "$dir" "$mirror"; then
    log "debootstrap failed; see /var/log/labhand-debootstrap-jre.log"
    $SUDO rm -rf "$dir"
    exit 1
  fi
  # what a runtime image does not need: package caches and docs, javac's ct.sym, the CDS archive for heaps over
  # 32 GB, iconv's charsets (Java has its own)
  $SUDO sh -c 'cd "$1" && rm -rf var/cache/apt/archives/*.deb var/lib/apt/lists/* usr/share/doc/* usr/share/man/* \
      usr/share/info/* usr/share/locale/* var/log/*.log usr/lib/jvm/java-17-openjdk-amd64/lib/ct.sym \
      usr/lib/jvm/java-17-openjdk-amd64/lib/server/classes_nocoops.jsa usr/lib/x86_64-linux-gnu/gconv' trim "$dir"
  $SUDO tar -C "$dir" -c . | $DOCKER import -c 'CMD ["jshell"]' \
      -c 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' -c 'ENV LANG=C.UTF-8' \
      -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c "LABEL labhand.image=$JRE_IMAGE_VERSION" - "$JRE_IMAGE" >/dev/null
  $SUDO rm -rf "$dir"
  log "built the stand-in $JRE_IMAGE ($($DOCKER image inspect --format '{{.Size}}' "$JRE_IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
fi
