#!/usr/bin/env bash
# Installs and starts what the local beta environment and the tests need on a Debian 12 machine:
# the Docker engine, the CNCF registry, RabbitMQ, QEMU for arm64 builds, busybox for the root image,
# skopeo (the tests read pushed images with it, as a user would), chromium (the console's tests drive it with Playwright),
# and the git servers the tests follow remotes on (nginx + fcgiwrap in front of git http-backend, openssh-server;
# none started as a system service).
# Idempotent: what is already installed or running is left alone. Needs root for apt and dockerd.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_dir="$root_dir/.platform"
mkdir -p "$state_dir"

log() { printf '[prerequisites] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

packages=(docker.io docker-registry rabbitmq-server qemu-user-static binfmt-support busybox-static git skopeo
  nginx fcgiwrap openssh-server openssh-client chromium fonts-dejavu-core)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} from apt"
  as_root apt-get update -qq
  # policy-rc.d 101: do not let the packages start their own daemons (RabbitMQ, registry) on default ports.
  as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  as_root rm -f /usr/sbin/policy-rc.d
fi

# The Docker engine: there is no systemd on these machines, so start dockerd when nothing answers.
if ! docker info >/dev/null 2>&1; then
  if [ -S /var/run/docker.sock ] && pgrep -x dockerd >/dev/null; then
    log "dockerd is running but does not answer yet"
  else
    log "starting dockerd (log: $state_dir/dockerd.log)"
    as_root sh -c "nohup dockerd --iptables=false > '$state_dir/dockerd.log' 2>&1 &"
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see $state_dir/dockerd.log"; exit 1; }
fi

# arm64 builds run under QEMU through binfmt_misc.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || log "could not mount binfmt_misc: arm64 builds will fail"
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  as_root update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || as_root update-binfmts --enable >/dev/null 2>&1 || true
fi

log "ready: $(docker version --format 'Docker engine {{.Server.Version}}'), $(/usr/bin/docker-registry --version 2>/dev/null | head -1), RabbitMQ $(dpkg-query -W -f='${Version}' rabbitmq-server)"
