# Structured log lines for shell jobs: `log info "loaded 10 rows"` prints a timestamped, levelled line.
log() {
  level=$1
  shift
  printf '%s %-5s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$level" "$*"
}
