#!/usr/bin/env bash
# Writes deploy/kubernetes/ from the AppHost's model: first aspire-manifest.json (scripts/export-manifest.sh), then
# `platform export kubernetes` turns it into a kustomize base (StatefulSets with volumes, RabbitMQ, the builder's engine,
# RBAC, NetworkPolicies, the webhooks' Ingress) and the overlays beta and prod. The committed files are written with the
# defaults (images by the tag latest); a test fails when they are stale. Further arguments go to the export, for example
#   bash scripts/export-kubernetes.sh --output ~/platform-deploy --images .platform/platform-images.json --secrets ~/platform.env
# (see docs/cluster.md).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/export-manifest.sh" >/dev/null
output=(--output "$root/deploy/kubernetes")
for argument in "$@"; do
  if [[ $argument == --output || $argument == -o || $argument == --output=* ]]; then output=(); fi
done
dotnet run --project "$root/services/Cli" -- export kubernetes --manifest "$root/aspire-manifest.json" "${output[@]}" "$@"
