#!/usr/bin/env bash
# Runs the benchmarks (all, or the ones named) in Release, prints a table per benchmark and writes
# bench/results/<name>.json and docs/benchmarks.md. Each compares Platform with a baseline measured in
# the same run. Most need the engine, registry, broker and root images: scripts/prerequisites.sh and
# scripts/bootstrap-root-image.sh run first; skopeo (poll-cycle's baseline) and curl (deploy-latency's)
# come from apt (curl also for push-latency's post-receive hook).
#
# Each benchmark runs quiet, then busy: with a fixed background load (two CPU-bound processes at nice 0, started
# and killed by PID by the bench); bench/results keeps both (<name>.json, <name>.busy.json).
#
#   bash bench/run.sh                      # every benchmark, quiet then busy
#   bash bench/run.sh build-plan           # one: build-plan, build-overhead, multi-arch-chain,
#                                          # poll-cycle, detection-latency, deploy-latency, deploy-decisions,
#                                          # push-latency, console-render, loop, cli-startup
#   bash bench/run.sh --busy build-plan    # only the busy run (--quiet: only the quiet one; or BENCH_LOAD=quiet|busy|both)
#   bash bench/run.sh load                 # the load runs (only when named; they write docs/reliability.md's
#                                          # Load section and exit 1 when a check fails): load-commit (200
#                                          # images in one commit), load-deploy (50 services redeployed at once),
#                                          # load-webhooks (1,000 webhook requests per second for 10 s)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

names=()
for arg in "$@"; do [[ $arg == --* ]] || names+=("$arg"); done
if [ "${names[*]:-}" != "build-plan" ] && [ "${names[*]:-}" != "cli-startup" ]; then
  bash "$root/scripts/prerequisites.sh"
  bash "$root/scripts/bootstrap-root-image.sh"
  missing=()
  for tool in skopeo curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "[bench] installing ${missing[*]} from apt"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null; fi
  fi
fi

dotnet run --project "$root/bench" -c Release -- "$@"
