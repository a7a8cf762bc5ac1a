#!/usr/bin/env bash
# Runs the benchmarks (all, or the ones named) in Release, prints a table per benchmark and writes
# bench/results/<name>.json and docs/benchmarks.md. Benchmarks that need the engine, registry or
# broker run scripts/prerequisites.sh first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet run --project "$root/bench" -c Release -- "$@"
