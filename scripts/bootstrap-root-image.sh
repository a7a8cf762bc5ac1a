#!/usr/bin/env bash
# Makes the local root images that images/base starts from on machines without Docker Hub: a busybox
# userland in a FROM scratch image for each platform Platform builds by default, tagged in the local
# engine as platform/root:busybox-amd64 and platform/root:busybox-arm64 (and platform/root:busybox for
# the host's). The AppHost passes ROOT_IMAGE=platform/root:busybox-${TARGETARCH}, which the builder
# expands per platform. On a machine that reaches Docker Hub you can skip this and build from an
# upstream image instead (see README: Platform:RootImage).
#   bootstrap-root-image.sh [--force]
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="$root_dir/.platform/cache"
force=${1:-}
host_arch=$(dpkg --print-architecture)

busybox_for() {
  local arch=$1
  if [ "$arch" = "$host_arch" ]; then
    echo /bin/busybox
    return
  fi
  local binary="$cache/busybox-$arch/bin/busybox"
  if [ ! -x "$binary" ]; then
    mkdir -p "$cache"
    if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
      dpkg --add-architecture "$arch"
      apt-get update -qq
    fi
    (cd "$cache" && rm -f busybox-static_*_"$arch".deb && apt-get download -qq "busybox-static:$arch" >/dev/null 2>&1) || {
      apt-get update -qq && (cd "$cache" && apt-get download -qq "busybox-static:$arch")
    }
    dpkg-deb -x "$cache"/busybox-static_*_"$arch".deb "$cache/busybox-$arch"
  fi
  echo "$binary"
}

build_root() {
  local arch=$1 image="platform/root:busybox-$1"
  if [ "$force" != "--force" ] && [ "$(docker image inspect -f '{{.Architecture}}' "$image" 2>/dev/null)" = "$arch" ]; then
    echo "[root-image] $image is present"
    return
  fi
  local busybox work
  busybox=$(busybox_for "$arch")
  work=$(mktemp -d)
  mkdir -p "$work/rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,var/www,home,proc,sys,dev}
  chmod 1777 "$work/rootfs/tmp"
  cp "$busybox" "$work/rootfs/bin/busybox"
  # The applet list is the same for every architecture of one busybox version: ask the host's.
  for applet in $(/bin/busybox --list-full); do
    [ "$applet" = "bin/busybox" ] && continue
    mkdir -p "$work/rootfs/$(dirname "$applet")"
    ln -sf /bin/busybox "$work/rootfs/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > "$work/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$work/rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 -C "$work/rootfs" -cf "$work/rootfs.tar" .
  printf 'FROM scratch\nADD rootfs.tar /\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nCMD ["/bin/sh"]\n' > "$work/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q --platform "linux/$arch" -t "$image" --label "dev.platform.root=busybox" "$work" >/dev/null 2>"$work/build.log" \
    || { cat "$work/build.log" >&2; rm -rf "$work"; exit 1; }
  rm -rf "$work"
  local built
  built=$(docker image inspect -f '{{.Os}}/{{.Architecture}}' "$image")
  [ "$built" = "linux/$arch" ] || { echo "[root-image] $image was built for $built, not linux/$arch" >&2; exit 1; }
  echo "[root-image] built $image ($built)"
}

[ -x /bin/busybox ] || { echo "[root-image] /bin/busybox is missing: apt-get install busybox-static" >&2; exit 1; }
for arch in amd64 arm64; do
  build_root "$arch"
done
docker tag "platform/root:busybox-$host_arch" platform/root:busybox
