#!/usr/bin/env bash
# Runs one of Platform's services as a container of its image, in the foreground, until SIGTERM or SIGINT
# (the AppHost with Platform:Services=containers; docs/upgrades.md). The container shares the host's
# network namespace (--network host), so it reaches RabbitMQ, the registry and the other services on
# 127.0.0.1 as the processes do; its state lives on the named volume mounted at /var/lib/platform. As in
# the cluster's pods: a read-only root file system with a writable /tmp, no capabilities, the image's user.
#
#   platform-container.sh NAME IMAGE VOLUME [docker run options ...]
#
# PLATFORM_CONTAINER_ENV names the variables of this script's environment that go into the container
# (passed by name with -e, so no value, secret or not, is on a command line). A container of the same
# name left from an AppHost that was killed is removed first; the container is removed when it exits,
# and the volume stays: the next start (a restart, or an upgrade to a newer image) finds its state.
# PLATFORM_CONTAINER_DOCKER_SOCKET (builder, deployer): the engine's socket, mounted at /var/run/docker.sock
# with its group added to the image's user (uid 10001), so that the service can use the engine.
set -euo pipefail

name=${1:?usage: platform-container.sh NAME IMAGE VOLUME [docker run options ...]}
image=${2:?missing IMAGE}
volume=${3:?missing VOLUME}
shift 3

docker rm -f "$name" >/dev/null 2>&1 || true

variables=()
for variable in ${PLATFORM_CONTAINER_ENV:-}; do
  variables+=(-e "$variable")
done

if [[ -n "${PLATFORM_CONTAINER_DOCKER_SOCKET:-}" ]]; then
  socket=$PLATFORM_CONTAINER_DOCKER_SOCKET
  variables+=(-v "$socket:/var/run/docker.sock" --group-add "$(stat -c %g "$socket")")
fi

# exec: the AppHost's stop (SIGTERM) reaches docker run, which passes it on to the service (--sig-proxy).
exec docker run --rm --name "$name" --network host --sig-proxy=true \
  --label dev.platform.rehearsal=true \
  --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges \
  -v "$volume:/var/lib/platform" \
  "${variables[@]}" "$@" "$image"
