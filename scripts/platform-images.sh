#!/usr/bin/env bash
# Builds Platform's own images (builder, registry-watcher, deployer, console) for each platform, pushes each as one
# OCI image index to a registry and writes their index digests to .platform/platform-images.json
# (docs/platform-images.md). No public registry is needed: the base is made here from Debian's packages of each
# architecture and the .NET runtime packs from NuGet, cached under .platform/cache/platform-images.
#   platform-images.sh [--registry HOST:PORT] [--tag TAG] [--platforms linux/amd64,linux/arm64]
#                      [--output FILE] [--reuse-build] [--bases-only]
# --reuse-build publishes the solution's Debug build as it is (dotnet publish --no-build), for the tests; the default
# publishes Release. --bases-only makes (or finds) the base images and stops: scripts/test.sh runs it during the build.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="$root_dir/.platform/cache/platform-images"
registry=${PLATFORM_REGISTRY:-127.0.0.1:5000}
tag=latest
platforms=linux/amd64,linux/arm64
output="$root_dir/.platform/platform-images.json"
publish_options=(-c Release)
bases_only=
services=(builder registry-watcher deployer console)
declare -A project=([builder]=Builder [registry-watcher]=RegistryWatcher [deployer]=Deployer [console]=Console)
# The services that read the repository of images (each keeps its own mirror, through the git command line).
declare -A needs_git=([builder]=1 [registry-watcher]=1 [deployer]=1)

say() { echo "[platform-images] $*"; }
fail() { echo "[platform-images] error: $*" >&2; exit 1; }
usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry=${2:?--registry needs HOST:PORT}; shift 2 ;;
    --tag) tag=${2:?--tag needs a tag}; shift 2 ;;
    --platforms) platforms=${2:?--platforms needs a list such as linux/amd64,linux/arm64}; shift 2 ;;
    --output) output=${2:?--output needs a file}; shift 2 ;;
    --reuse-build) publish_options=(-c Debug --no-build); shift ;;
    --bases-only) bases_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "unknown argument '$1'" ;;
  esac
done
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || fail "'$tag' is not a valid image tag"
[[ $registry =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]] || fail "'$registry' is not a registry address: write HOST:PORT, for example 127.0.0.1:5000"

# --- what is needed, checked before anything is built ------------------------------------------------------------
host_arch=$(dpkg --print-architecture)
declare -A rid=([amd64]=linux-x64 [arm64]=linux-arm64) qemu=([amd64]=x86_64 [arm64]=aarch64)
arches=()
IFS=',' read -ra requested <<<"$platforms"
for platform in "${requested[@]}"; do
  arch=${platform#linux/}
  [ "$platform" = "linux/$arch" ] && [ -n "${rid[$arch]:-}" ] || fail "platform '$platform' is not supported: Platform's images are made for linux/amd64 and linux/arm64"
  arches+=("$arch")
done
for tool in docker dotnet curl apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool is missing (bash scripts/prerequisites.sh installs what Platform needs; curl: apt-get install curl)"
done
docker info >/dev/null 2>&1 || fail "the Docker engine does not answer (docker info failed): start it, for example with bash scripts/prerequisites.sh"
for arch in "${arches[@]}"; do
  if [ "$arch" != "$host_arch" ] && ! grep -qx enabled "/proc/sys/fs/binfmt_misc/qemu-${qemu[$arch]}" 2>/dev/null; then
    fail "QEMU for linux/$arch is missing (no enabled /proc/sys/fs/binfmt_misc/qemu-${qemu[$arch]}): install qemu-user-static and binfmt-support (bash scripts/prerequisites.sh), or leave linux/$arch out with --platforms"
  fi
done
if [ -z "$bases_only" ]; then
  # Plain http on loopback only (the beta environment's registry), https anywhere else, as Platform's registry client does.
  case "$registry" in 127.*|localhost|localhost:*) scheme=http ;; *) scheme=https ;; esac
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$scheme://$registry/v2/" || true)
  case "$status" in
    200|401) ;;
    000|'') fail "the registry $registry is unreachable (nothing answered GET $scheme://$registry/v2/ within 5 s): start it (bash scripts/beta.sh runs one) or name another with --registry HOST:PORT" ;;
    *) fail "the registry $registry is unreachable (GET $scheme://$registry/v2/ answered HTTP $status): start it (bash scripts/beta.sh runs one) or name another with --registry HOST:PORT" ;;
  esac
  say "images for ${arches[*]} -> $registry/platform/<service>:$tag"
fi

# --- the .NET runtime from NuGet ---------------------------------------------------------------------------------
runtime_project="$root_dir/tools/DotnetRuntime/DotnetRuntime.proj"
dotnet restore "$runtime_project" -nologo -v:q >/dev/null || fail "the .NET runtime packs could not be restored from NuGet ($runtime_project)"
read -r runtime_version packages_root < <(dotnet msbuild "$runtime_project" -nologo -v:m -t:ShowRuntime \
  | sed -n 's/.*RuntimeVersion=\([^ ]*\) PackagesRoot=\(.*\)$/\1 \2/p')
[ -n "${runtime_version:-}" ] || fail "could not read the runtime version from $runtime_project"
say ".NET runtime $runtime_version (runtime packs from NuGet)"

# --- Debian packages of each architecture ------------------------------------------------------------------------
# Left out: what only maintainer scripts or git's perl helpers need; the images run no package manager and no perl.
exclude=' perl perl-base perl-modules-5.36 libperl5.36 liberror-perl git-man adduser passwd debconf cdebconf dpkg install-info tar libpam0g libpam-modules libpam-modules-bin libsemanage2 libaudit1 readline-common openssl '
runtime_packages=(libc6 libgcc-s1 libstdc++6 zlib1g libssl3 ca-certificates tzdata)
git_packages=(git openssh-client dash coreutils)

# The packages that PACKAGES need for ARCH (Depends and Pre-Depends, the first of alternatives), less $exclude;
# names qualified for apt-get download (arch-all packages without an architecture).
resolve() {
  local arch=$1 line dep name take provider n
  shift
  local -A seen=()
  local wanted=("$@") level all
  while [ ${#wanted[@]} -gt 0 ]; do
    level=()
    for name in "${wanted[@]}"; do
      name=${name%%:*}
      case "$exclude" in *" $name "*) continue ;; esac
      [ -n "${seen[$name]:-}" ] && continue
      seen[$name]=1
      level+=("$name:$arch")
    done
    wanted=()
    [ ${#level[@]} -eq 0 ] && break
    take=1 provider=0
    while IFS= read -r line; do
      case "$line" in
        "<"*) name=${line#<}; name=${name%%:*}; wanted+=("$name"); unset "seen[$name]"; seen[$name:all]=1 ;;
        [a-z0-9]*) echo "${line%:"$host_arch"}" ;;
        "  |"*Depends:" "*) [ $take = 1 ] && { dep=${line#*: }; [[ $dep == "<"* ]] && provider=1 || wanted+=("$dep"); }; take=0 ;;
        "  "*Depends:" "*) [ $take = 1 ] && { dep=${line#*: }; [[ $dep == "<"* ]] && provider=1 || wanted+=("$dep"); }; take=1 ;;
        "    "*) [ $provider = 1 ] && wanted+=("${line#    }"); provider=0 ;;
        *) provider=0 ;;
      esac
    done < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${level[@]}" 2>/dev/null)
    all=()
    for n in "${wanted[@]}"; do
      n=${n%%:*}
      if [ -n "${seen[$n:all]:-}" ] && [ -z "${seen[$n]:-}" ]; then all+=("$n"); seen[$n]=1; fi
    done
    [ ${#all[@]} -eq 0 ] || printf '%s\n' "${all[@]}"
  done
}

ensure_architecture() {
  local arch=$1
  [ "$arch" = "$host_arch" ] && return
  if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
    dpkg --add-architecture "$arch"
    apt-get update -qq
  fi
}

# Downloads the packages into the cache (once) and unpacks them into ROOTFS.
unpack_packages() {
  local arch=$1 rootfs=$2
  shift 2
  local debs="$cache/debs/$arch" package file missing=()
  mkdir -p "$debs" "$rootfs"
  for package in "$@"; do
    ls "$debs/${package%%:*}"_*.deb >/dev/null 2>&1 || missing+=("$package")
  done
  # One apt-get call for all that the cache lacks (one per package costs a second each).
  if [ ${#missing[@]} -gt 0 ]; then
    (cd "$debs" && apt-get download -qq "${missing[@]}" >/dev/null 2>&1) \
      || { apt-get update -qq && (cd "$debs" && apt-get download -qq "${missing[@]}"); } \
      || fail "apt-get download failed for: ${missing[*]}"
  fi
  for package in "$@"; do
    file=$(ls "$debs/${package%%:*}"_*.deb 2>/dev/null | head -1 || true)
    [ -n "$file" ] || fail "apt-get download gave no .deb for $package"
    dpkg-deb -x "$file" "$rootfs"
  done
  rm -rf "$rootfs"/usr/share/{doc,man,info,lintian,locale,bug,bash-completion,gitweb}
}

# Builds IMAGE for ARCH from a context folder and checks that the engine really made that architecture.
build_for() {
  local arch=$1 image=$2 context=$3
  shift 3
  DOCKER_BUILDKIT=0 docker build -q --platform "linux/$arch" -t "$image" "$@" "$context" >/dev/null 2>"$context.log" \
    || { cat "$context.log" >&2; fail "docker build of $image for linux/$arch failed"; }
  local built
  built=$(docker image inspect -f '{{.Os}}/{{.Architecture}}' "$image")
  [ "$built" = "linux/$arch" ] || fail "$image was built for $built, not linux/$arch (its base has no linux/$arch variant)"
}

present() { [ "$(docker image inspect -f '{{.Architecture}}' "$2" 2>/dev/null)" = "$1" ]; }

# platform/dotnet-runtime:<version>-<arch>: glibc, libstdc++, zlib, OpenSSL, CA certificates, time zones, the shared
# frameworks Microsoft.NETCore.App and Microsoft.AspNetCore.App, user platform (10001), /var/lib/platform.
runtime_image() {
  local arch=$1 image="platform/dotnet-runtime:$runtime_version-$1"
  if present "$arch" "$image"; then
    say "$image is present"
    return
  fi
  ensure_architecture "$arch"
  local work="$cache/work/runtime-$arch" r=${rid[$arch]}
  rm -rf "$work"
  mkdir -p "$work/rootfs"
  mapfile -t packages < <(resolve "$arch" "${runtime_packages[@]}")
  say "linux/$arch runtime base from ${#packages[@]} Debian packages: ${packages[*]}"
  unpack_packages "$arch" "$work/rootfs" "${packages[@]}"
  local rootfs="$work/rootfs"
  mkdir -p "$rootfs"/{etc/ssl/certs,usr/lib/ssl,tmp,var/lib/platform,app}
  # What update-ca-certificates and the openssl package would make: one bundle, found where OpenSSL and git look.
  cat "$rootfs"/usr/share/ca-certificates/*/*.crt > "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs/usr/share/ca-certificates"
  ln -sfn /etc/ssl/certs "$rootfs/usr/lib/ssl/certs"
  ln -sfn /etc/ssl/certs/ca-certificates.crt "$rootfs/usr/lib/ssl/cert.pem"
  printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nplatform:x:10001:10001:platform:/var/lib/platform:/usr/sbin/nologin\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nplatform:x:10001:\n' > "$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
  chmod 1777 "$rootfs/tmp"
  chown 10001:10001 "$rootfs/var/lib/platform"
  # The shared frameworks as the .NET installers lay them out, from the runtime packs.
  local dotnet="$work/dotnet/usr/share/dotnet" pack
  mkdir -p "$dotnet/host/fxr/$runtime_version"
  for pack in netcore aspnetcore; do
    local name source
    name=$([ $pack = netcore ] && echo Microsoft.NETCore.App || echo Microsoft.AspNetCore.App)
    source="$packages_root/microsoft.$pack.app.runtime.$r/$runtime_version/runtimes/$r"
    [ -d "$source/lib/net10.0" ] || fail "runtime pack $name for $r $runtime_version is not in $packages_root"
    mkdir -p "$dotnet/shared/$name/$runtime_version"
    cp -a "$source/lib/net10.0/." "$dotnet/shared/$name/$runtime_version/"
    [ -d "$source/native" ] && cp -a "$source/native/." "$dotnet/shared/$name/$runtime_version/"
  done
  mv "$dotnet/shared/Microsoft.NETCore.App/$runtime_version/libhostfxr.so" "$dotnet/host/fxr/$runtime_version/"
  tar --numeric-owner -C "$rootfs" -cf "$work/rootfs.tar" .
  tar --numeric-owner --owner=0 --group=0 -C "$work/dotnet" -cf "$work/dotnet.tar" .
  cat > "$work/Dockerfile" <<'EOF'
FROM scratch
ADD rootfs.tar /
ADD dotnet.tar /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    HOME=/var/lib/platform
EOF
  rm -rf "$work/rootfs" "$work/dotnet"
  build_for "$arch" "$image" "$work" --label dev.platform.root=dotnet-runtime --label "dev.platform.dotnet=$runtime_version"
  rm -rf "$work"
  say "built $image (linux/$arch, $(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec))"
}

# platform/dotnet-runtime-git:<version>-sh-<arch>: the runtime base plus git and openssh-client with their libraries, and
# /bin/sh (dash) and coreutils: git runs GIT_ASKPASS scripts (https credentials; Catalog/Remote/GitCredentialScript uses tr) and GIT_SSH_COMMAND through it.
git_image() {
  local arch=$1 image="platform/dotnet-runtime-git:$runtime_version-sh-$1"
  if present "$arch" "$image"; then
    say "$image is present"
    return
  fi
  local work="$cache/work/git-$arch"
  rm -rf "$work"
  mkdir -p "$work"
  local -A base=()
  local package packages=()
  for package in $(resolve "$arch" "${runtime_packages[@]}"); do base[$package]=1; done
  for package in $(resolve "$arch" "${git_packages[@]}"); do [ -n "${base[$package]:-}" ] || packages+=("$package"); done
  say "linux/$arch git layer from ${#packages[@]} Debian packages"
  unpack_packages "$arch" "$work/rootfs" "${packages[@]}"
  # dash's maintainer script makes /bin/sh; no maintainer script runs here.
  [ -e "$work/rootfs/bin/sh" ] || ln -s dash "$work/rootfs/bin/sh"
  tar --numeric-owner --owner=0 --group=0 -C "$work/rootfs" -cf "$work/git.tar" .
  rm -rf "$work/rootfs"
  printf 'FROM platform/dotnet-runtime:%s-%s\nADD git.tar /\n' "$runtime_version" "$arch" > "$work/Dockerfile"
  build_for "$arch" "$image" "$work" --label dev.platform.root=dotnet-runtime-git
  rm -rf "$work"
  say "built $image (linux/$arch, $(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec))"
}

for arch in "${arches[@]}"; do
  runtime_image "$arch"
  git_image "$arch"
done
if [ -n "$bases_only" ]; then
  say "base images ready for ${arches[*]}"
  exit 0
fi

# --- the services: one portable publish each, the same bits for every architecture -------------------------------
apps=()
for service in "${services[@]}"; do
  name=${project[$service]}
  out="$cache/context/$service/app"
  rm -rf "$out"
  say "publish $service (services/$name, ${publish_options[*]}, framework-dependent, portable)"
  dotnet publish "$root_dir/services/$name/$name.csproj" "${publish_options[@]}" -nologo -clp:ErrorsOnly -p:UseAppHost=false -o "$out" >/dev/null \
    || fail "dotnet publish of services/$name failed"
  # Native assets of other systems (SQLite's for Windows, macOS, musl, ...) are dead weight in a Linux image; both
  # Linux architectures stay, so that the layer is the same bytes for each.
  find "$out/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 ! -name linux-arm64 -exec rm -rf {} + 2>/dev/null || true
  apps+=("Platform.$name.dll")
done
dotnet msbuild "$runtime_project" -nologo -v:q -t:AppHosts "-p:Apps=${apps[*]}" "-p:AppHostsDirectory=$cache/apphosts" >/dev/null \
  || fail "the app hosts could not be made ($runtime_project)"

commit=$(git -C "$root_dir" rev-parse HEAD)
publish_args=(--registry "$registry" --tag "$tag" --revision "$commit")
for service in "${services[@]}"; do
  name=${project[$service]}
  context="$cache/context/$service"
  cp "$root_dir/tools/PlatformImages/Dockerfile" "$context/Dockerfile"
  publish_args+=(--image "platform/$service")
  for arch in "${arches[@]}"; do
    mkdir -p "$context/apphost/${rid[$arch]}"
    cp "$cache/apphosts/${rid[$arch]}/Platform.$name" "$context/apphost/${rid[$arch]}/"
    base="platform/dotnet-runtime:$runtime_version-$arch"
    [ -n "${needs_git[$service]:-}" ] && base="platform/dotnet-runtime-git:$runtime_version-sh-$arch"
    local_image="platform/$service:$tag-$arch"
    say "build $local_image"
    build_for "$arch" "$local_image" "$context" --build-arg "BASE=$base" --build-arg "RID=${rid[$arch]}" --build-arg "APP=Platform.$name" \
      --label "org.opencontainers.image.revision=$commit" --label "org.opencontainers.image.source=platform/services/$name"
    # The builder's publisher pushes from Platform's staging repository, as it does for the catalogue's images.
    staging="$registry/platform-staging/platform/$service:$tag-linux-$arch"
    docker tag "$local_image" "$staging"
    publish_args+=("linux/$arch=$staging")
  done
done

# --- one OCI index per service, pushed with the builder's own publisher ------------------------------------------
say "push the per-platform manifests, then one OCI index per service"
if [ "${publish_options[1]}" = Debug ]; then
  publisher="$root_dir/tools/PlatformImages/bin/Debug/net10.0"
else
  publisher="$cache/publisher"
  dotnet build "$root_dir/tools/PlatformImages/PlatformImages.csproj" -c Release -nologo -clp:ErrorsOnly -o "$publisher" >/dev/null \
    || fail "the publisher (tools/PlatformImages) did not build"
fi
mkdir -p "$(dirname "$output")"
dotnet "$publisher/Platform.PlatformImages.dll" "${publish_args[@]}" --output "$output.tmp" || { rm -f "$output.tmp"; fail "pushing the images to $registry failed"; }
mv "$output.tmp" "$output"
for service in "${services[@]}"; do
  for arch in "${arches[@]}"; do docker rmi "$registry/platform-staging/platform/$service:$tag-linux-$arch" >/dev/null 2>&1 || true; done
done
say "wrote $output"
cat "$output"
echo
