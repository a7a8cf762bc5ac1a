#!/usr/bin/env bash
# Writes deploy/kubernetes/ from the AppHost's model: first aspire-manifest.json (scripts/export-manifest.sh),
# then `platform export kubernetes` turns it into Deployments, Services, ConfigMaps, Secret references and the
# deployer's RBAC. The files are generated, never edited by hand; a test fails when the committed ones are stale.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
output=${1:-$root/deploy/kubernetes}
bash "$root/scripts/export-manifest.sh" >/dev/null
dotnet run --project "$root/services/Cli" -- export kubernetes --manifest "$root/aspire-manifest.json" --output "$output"
