#!/usr/bin/env bash
# Runs every test of Platform: installs and starts what the tests need (Docker engine, registry,
# RabbitMQ, QEMU, skopeo; see scripts/prerequisites.sh), builds with warnings as errors, runs the whole
# suite and ends with one line "N passed, N failed". Extra arguments go to dotnet test.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/prerequisites.sh
bash scripts/bootstrap-root-image.sh

results="$root/.platform/test-results"
rm -rf "$results"
# Platform's own base images (Debian packages and the .NET runtime packs, mostly downloads) are made while the
# solution builds; the image and rehearsal tests then find them in the engine.
bases_log="$root/.platform/platform-bases.log"
mkdir -p "$root/.platform"
bash scripts/platform-images.sh --bases-only >"$bases_log" 2>&1 &
bases_pid=$!
dotnet build Platform.sln -nologo -clp:ErrorsOnly
if ! wait "$bases_pid"; then
  cat "$bases_log" >&2
  echo "the base images of Platform's own images could not be made (log above); their tests will fail" >&2
fi
run_project() {
  local name
  name=$(basename "$1" .csproj)
  shift
  dotnet test "tests/$name/$name.csproj" --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@"
}
# The end-to-end projects run one at a time: they start whole environments, and this machine has two cores. The
# light projects (each its own broker and registry, no environment) run as a second lane beside Deployer.Tests,
# which mostly waits on containers and health checks; their output follows Deployer's.
light=(Catalog.Tests Engine.Tests Registry.Tests RegistryWatcher.Tests ServiceDefaults.Tests)
light_log="$root/.platform/test-light-lane.log"
light_pid=
start_light_lane() {
  (lane=0; for other in "${light[@]}"; do run_project "$other" "$@" || lane=$?; done; exit $lane) >"$light_log" 2>&1 &
  light_pid=$!
}
status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  [[ " ${light[*]} " == *" $name "* ]] && continue
  [ "$name" = Deployer.Tests ] && start_light_lane "$@"
  run_project "$project" "$@" || status=$?
done
[ -n "$light_pid" ] || start_light_lane "$@"
wait "$light_pid" || status=$?
cat "$light_log"

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  echo "dotnet test failed before reporting results (exit $status)"
fi
# The fault-injection suite (tests/Faults.Tests) writes what it injected and found.
if [ -f "$results/faults-summary.txt" ]; then
  echo "fault injection: $(head -1 "$results/faults-summary.txt")"
fi
echo "$passed passed, $failed failed"
exit "$status"
