#!/usr/bin/env bash
# Measures what following a remote costs at first: a full and a partial (--filter=blob:none) bare clone, and the
# first `platform plan` through each kind of mirror, on a generated repository with real history (3,000 commits,
# 5,400 files), served by nginx + git http-backend on a free loopback port, at full speed and limited to 5 MB/s.
# Prints one line per run; docs/remote-repositories.md has the figures. Needs scripts/prerequisites.sh first, python3 and curl.
set -euo pipefail

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d /tmp/platform-measure-clone-XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
log() { printf '[measure] %s\n' "$*"; }

log "generating the repository (3,000 commits) in $work/repos/big.git"
mkdir -p "$work/repos" "$work/tmp"
git init -q --bare -b main "$work/repos/big.git"
python3 - <<'PY' | git -C "$work/repos/big.git" fast-import --quiet
import random, sys
random.seed(7)
out, mark = sys.stdout.buffer, 0
def blob(data):
    global mark
    mark += 1
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    return mark
def text(n):
    return "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789 \n") for _ in range(n)).encode()
files = {}
for i in range(200):
    files[f"images/img{i:03}/Dockerfile"] = b"ARG ROOT_IMAGE=platform/root:busybox\nFROM ${ROOT_IMAGE}\nCOPY app/ /srv/app/\n"
    files[f"images/img{i:03}/image.yaml"] = f"name: bench/img{i:03}\n".encode()
    for j in range(5):
        files[f"images/img{i:03}/app/f{j}.py"] = None
for i in range(4000):
    files[f"src/pkg{i % 80:02}/mod{i:04}.py"] = None
paths = sorted(files)
for c in range(3000):
    touched = paths if c == 0 else random.sample(paths, 3)
    marks = {}
    for p in touched:
        if p.endswith(("Dockerfile", "image.yaml")):
            data = files[p] + (f"# rev {c}\n".encode() if c else b"")
        else:
            data = text(random.randint(1500, 5000))
        marks[p] = blob(data)
    message = f"commit {c}".encode()
    out.write(b"commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n" % (1700000000 + c * 60, len(message), message))
    for p, m in marks.items():
        out.write(b"M 100644 :%d %s\n" % (m, p.encode()))
    out.write(b"\n")
PY
git -C "$work/repos/big.git" repack -adq --depth=50 --window=50
git -C "$work/repos/big.git" config uploadpack.allowFilter true
git -C "$work/repos/big.git" config uploadpack.allowAnySHA1InWant true
log "$(git -C "$work/repos/big.git" count-objects -vH | tr '\n' ' ')"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
slow=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
location="location / {
      fastcgi_pass unix:$work/fcgi.sock;
      fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
      fastcgi_param GIT_PROJECT_ROOT $work/repos;
      fastcgi_param GIT_HTTP_EXPORT_ALL \"\";
      fastcgi_param PATH_INFO \$uri;
      fastcgi_param QUERY_STRING \$args;
      fastcgi_param REQUEST_METHOD \$request_method;
      fastcgi_param CONTENT_TYPE \$content_type;
      fastcgi_param CONTENT_LENGTH \$content_length;
      fastcgi_param GIT_PROTOCOL \$http_git_protocol;
    }"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
$([ "$(id -u)" -eq 0 ] && echo "user root;")
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body; fastcgi_temp_path $work/tmp/fastcgi; proxy_temp_path $work/tmp/proxy;
  uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;
  server { listen 127.0.0.1:$port; $location }
  server { listen 127.0.0.1:$slow; limit_rate 5m; $location }
}
CONF
/usr/sbin/fcgiwrap -s "unix:$work/fcgi.sock" & pids+=($!)
/usr/sbin/nginx -p "$work" -c "$work/nginx.conf" & pids+=($!)
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/big.git/info/refs?service=git-upload-pack" && break; sleep 0.1; done

seconds() { local start=$1; python3 -c "import time; print(f'{time.time() - $start:.2f}')"; }
now() { python3 -c 'import time; print(time.time())'; }

dotnet build "$root_dir/services/Cli" -nologo -clp:ErrorsOnly -c Release >/dev/null
cli="$root_dir/services/Cli/bin/Release/net10.0/Platform.Cli"
for run in 1 2 3; do
  for filter in "" "--filter=blob:none"; do
    rm -rf "$work/clone.git"; start=$(now)
    git clone -q --bare $filter "http://127.0.0.1:$port/big.git" "$work/clone.git"
    log "run $run: git clone --bare ${filter:-(full)}: $(seconds "$start") s, $(du -sm "$work/clone.git" | cut -f1) MiB"
  done
  for server in "$port loopback" "$slow 5MB/s"; do
    set -- $server
    for partial in false true; do
      rm -rf "$work/cache"; start=$(now)
      XDG_CACHE_HOME="$work/cache" Catalog__PartialClone=$partial "$cli" plan -r "http://127.0.0.1:$1/big.git" --json > /dev/null 2>&1
      first=$(seconds "$start"); start=$(now)
      XDG_CACHE_HOME="$work/cache" Catalog__PartialClone=$partial "$cli" plan -r "http://127.0.0.1:$1/big.git" --from HEAD~200 --json > /dev/null 2>&1
      log "run $run: $2 partial=$partial: first plan (clone + plan) $first s, next plan --from HEAD~200 (fetch + plan) $(seconds "$start") s"
    done
  done
done
