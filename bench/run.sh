#!/usr/bin/env bash
# Runs the benchmarks (all, or the ones named) in Release, prints a table per benchmark and writes
# bench/results/<name>.json and docs/benchmarks.md. The registry watcher's benchmarks (poll-cycle,
# detection-latency) need the engine, registry, broker and root image: scripts/prerequisites.sh and
# scripts/bootstrap-root-image.sh run first, and skopeo (poll-cycle's baseline) is installed from apt.
#
#   bash bench/run.sh                      # every benchmark
#   bash bench/run.sh poll-cycle           # one
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

names=("$@")
[ ${#names[@]} -gt 0 ] || names=(build-plan poll-cycle detection-latency)
for name in "${names[@]}"; do
  case "$name" in
    poll-cycle|detection-latency)
      bash "$root/scripts/prerequisites.sh"
      bash "$root/scripts/bootstrap-root-image.sh"
      if ! command -v skopeo >/dev/null; then
        echo "[bench] installing skopeo from apt"
        if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq skopeo >/dev/null; else sudo apt-get update -qq && sudo apt-get install -y -qq skopeo >/dev/null; fi
      fi
      break ;;
  esac
done

dotnet run --project "$root/bench" -c Release -- "${names[@]}"
