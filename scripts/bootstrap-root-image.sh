#!/usr/bin/env bash
# Makes the local root image that images/base starts from on machines without Docker Hub:
# a busybox userland in a FROM scratch image, tagged platform/root:busybox in the local engine.
# On a machine that reaches Docker Hub you can skip this and build from an upstream image instead
# (see README: Catalog__BuildArgs__ROOT_IMAGE).
set -euo pipefail

image=${PLATFORM_ROOT_IMAGE:-platform/root:busybox}
if docker image inspect "$image" >/dev/null 2>&1 && [ "${1:-}" != "--force" ]; then
  echo "[root-image] $image is present"
  exit 0
fi

busybox=/bin/busybox
[ -x "$busybox" ] || { echo "[root-image] $busybox is missing: apt-get install busybox-static" >&2; exit 1; }
file -b "$busybox" 2>/dev/null | grep -q "statically linked" || ldd "$busybox" 2>&1 | grep -q "not a dynamic" \
  || { echo "[root-image] $busybox is not static: apt-get install busybox-static" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,var/www,home,proc,sys,dev}
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list-full); do
  [ "$applet" = "bin/busybox" ] && continue
  mkdir -p "$rootfs/$(dirname "$applet")"
  ln -sf /bin/busybox "$rootfs/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$rootfs" -cf "$work/rootfs.tar" .
cat > "$work/Dockerfile" <<'DOCKERFILE'
FROM scratch
ADD rootfs.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q -t "$image" --label "dev.platform.root=busybox" "$work" >/dev/null 2>"$work/build.log" \
  || { cat "$work/build.log" >&2; exit 1; }
echo "[root-image] built $image ($("$busybox" 2>&1 | head -1 | cut -d' ' -f1-2))"
