#!/usr/bin/env bash
# Brings up the local beta environment: installs and starts the prerequisites, makes the local root
# image, then runs the AppHost (RabbitMQ, the registry, builder, registry-watcher, deployer) and the
# Aspire dashboard at http://127.0.0.1:18888. Ctrl+C stops everything it started.
# Arguments go to the AppHost, for example --Platform:Repository=/path/to/your/images-repo
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/prerequisites.sh
bash scripts/bootstrap-root-image.sh
exec dotnet run --project AppHost -- "$@"
