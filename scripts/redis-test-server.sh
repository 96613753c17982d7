#!/usr/bin/env bash
# A throwaway Redis for tests: a temporary folder, a free port on 127.0.0.1 only,
# no persistence (no RDB snapshots, no AOF), no protected-mode surprises.
# Installs Debian's redis-server first when it is missing (needs root, or sudo).
#
#   bash scripts/redis-test-server.sh start        # prints redis://127.0.0.1:PORT
#   bash scripts/redis-test-server.sh stop URL     # (or PORT) stops it and deletes its folder
set -euo pipefail

log() { echo "redis-test-server: $*" >&2; }
fail() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

as_admin() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else fail "installing redis-server needs root (or sudo): run: apt-get install -y redis-server"
  fi
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 && return 0
  log "installing Debian's redis-server"
  export DEBIAN_FRONTEND=noninteractive
  as_admin apt-get install -y redis-server >&2 || { as_admin apt-get update >&2 && as_admin apt-get install -y redis-server >&2; } \
    || fail "apt-get install -y redis-server failed"
  command -v redis-server >/dev/null 2>&1 || fail "redis-server is installed but not on PATH"
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# PING over a plain TCP socket: redis-cli may be missing where only the server is installed.
answers() {
  node -e '
    const s = require("net").connect(Number(process.argv[1]), "127.0.0.1", () => s.write("PING\r\n"));
    s.on("data", (d) => process.exit(d.toString().startsWith("+PONG") ? 0 : 1));
    s.on("error", () => process.exit(1));
    setTimeout(() => process.exit(1), 1000);' "$1"
}

start() {
  ensure_redis
  local attempt port dir i
  for attempt in 1 2 3; do
    port=$(free_port)
    dir=$(mktemp -d "${TMPDIR:-/tmp}/segflow-redis-$port.XXXXXX")
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --save '' --appendonly no \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null 2>&1 || true
    for i in $(seq 1 50); do
      if answers "$port"; then
        log "started on 127.0.0.1:$port (folder $dir)"
        echo "redis://127.0.0.1:$port"
        return 0
      fi
      sleep 0.1
    done
    log "start on port $port failed (attempt $attempt):"
    tail -n 20 "$dir/redis.log" >&2 2>/dev/null || true
    [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
    rm -rf "$dir"
  done
  fail "could not start a redis-server"
}

stop() {
  local target=${1:-} port dir pid
  port=$(echo "$target" | sed -E 's#^redis://([^@]*@)?[^:/]*:([0-9]+).*$#\2#')
  [[ "$port" =~ ^[0-9]+$ ]] || fail "stop needs the URL or port that start printed"
  for dir in "${TMPDIR:-/tmp}"/segflow-redis-"$port".*; do
    [ -d "$dir" ] || continue
    if [ -f "$dir/redis.pid" ]; then
      pid=$(cat "$dir/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    log "stopped 127.0.0.1:$port"
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) fail "usage: $0 start | stop URL|PORT" ;;
esac
