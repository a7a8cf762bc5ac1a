#!/usr/bin/env bash
# Brings up the local beta environment: installs and starts the prerequisites, makes the local root
# image, then runs the AppHost (RabbitMQ, the registry, builder, registry-watcher, deployer) and the
# Aspire dashboard at http://127.0.0.1:18888. Ctrl+C stops everything it started.
# Arguments go to the AppHost, for example --Platform:Repository=/path/to/your/images-repo
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

echo "[beta] checking the prerequisites (the first run installs the Docker engine, the registry, RabbitMQ and QEMU from apt: a few minutes)"
bash scripts/prerequisites.sh
bash scripts/bootstrap-root-image.sh
echo "[beta] building and starting the AppHost (the first build takes a minute or two); the dashboard's login URL follows"
exec dotnet run --project AppHost -- "$@"
