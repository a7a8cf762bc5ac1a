#!/usr/bin/env bash
# Installs the `platform` command line as a .NET tool compiled ahead of time (Native AOT, linux-x64): it starts in
# tens of milliseconds, where the JIT-compiled form spends hundreds starting the runtime (docs/cli.md).
#
#   bash scripts/install-cli.sh [tool folder]     # default ~/.platform/tools; put it on PATH
#
# It packs the native package (dotnet pack -r linux-x64) and the package that points `dotnet tool install` at it
# (dotnet pack), each time under a version of its own, so that NuGet's cache never hands out an older build, and
# installs or updates the tool from them. The last line it prints is the version installed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${1:-$HOME/.platform/tools}
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-cli: the native tool is built for linux-x64 only; elsewhere run: dotnet run --project $root/services/Cli -- plan" >&2
  exit 2
fi

packages=$(mktemp -d)
trap 'rm -rf "$packages"' EXIT
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
project="$root/services/Cli/Cli.csproj"
dotnet pack "$project" -c Release -r linux-x64 -p:Version="$version" -o "$packages" -nologo --disable-build-servers -clp:ErrorsOnly >&2
dotnet pack "$project" -c Release -p:Version="$version" -o "$packages" -nologo --disable-build-servers -clp:ErrorsOnly >&2
# `update` installs the tool when it is not there yet.
dotnet tool update --tool-path "$tools" --add-source "$packages" --version "$version" Platform.Cli >&2
echo "installed platform $version in $tools"
echo "$version"
