#!/usr/bin/env bash
# Writes aspire-manifest.json at the repository root with Aspire's manifest publisher. The file is
# generated, never edited by hand; a test fails when the committed copy is stale.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
output=${1:-$root/aspire-manifest.json}
dotnet run --project "$root/AppHost" -- --publisher manifest --output-path "$output" >/dev/null
echo "wrote $output"
