#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: a temporary data folder, a free port on
# 127.0.0.1 only (no other address), trust authentication, durability off for speed.
# Installs Debian's postgresql first when no initdb is found (needs root, or sudo).
#
#   bash scripts/postgres-test-server.sh start        # prints postgres://postgres@127.0.0.1:PORT/postgres
#   bash scripts/postgres-test-server.sh stop URL     # (or PORT) stops it and deletes its folder
set -euo pipefail

log() { echo "postgres-test-server: $*" >&2; }
fail() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
# Root runs the cluster as postgres, who must reach the folder: /tmp, not a TMPDIR under /root.
tmp_root() { if is_root; then echo /tmp; else echo "${TMPDIR:-/tmp}"; fi; }

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  return 1
}

as_admin() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else fail "installing postgresql needs root (or sudo): run: apt-get install -y postgresql"
  fi
}

ensure_postgres() {
  BINDIR=$(find_bindir) && return 0
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  as_admin apt-get install -y postgresql >&2 || { as_admin apt-get update >&2 && as_admin apt-get install -y postgresql >&2; } \
    || fail "apt-get install -y postgresql failed"
  BINDIR=$(find_bindir) || fail "postgresql is installed but initdb/pg_ctl were not found"
}

# initdb refuses to run as root: root runs the cluster as the postgres user.
as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

start() {
  ensure_postgres
  if is_root; then id postgres >/dev/null 2>&1 || fail "no postgres user (it comes with Debian's postgresql package)"; fi
  local attempt port dir
  for attempt in 1 2 3; do
    port=$(free_port)
    dir=$(mktemp -d "$(tmp_root)/segflow-pg-$port.XXXXXX")
    if is_root; then chown postgres: "$dir"; fi
    as_owner "$BINDIR/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; fail "initdb failed"; }
    # The socket folder is the cluster's own; TCP listens on 127.0.0.1 only.
    if as_owner "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      log "started on 127.0.0.1:$port (data in $dir)"
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      return 0
    fi
    log "start on port $port failed (attempt $attempt):"
    tail -n 20 "$dir/server.log" >&2 2>/dev/null || true
    rm -rf "$dir"
  done
  fail "could not start a cluster"
}

stop() {
  local target=${1:-} port dir bindir
  port=$(echo "$target" | sed -E 's#^postgres(ql)?://[^@]*@?[^:/]*:([0-9]+).*$#\2#')
  [[ "$port" =~ ^[0-9]+$ ]] || fail "stop needs the URL or port that start printed"
  bindir=$(find_bindir) || fail "initdb/pg_ctl not found"
  for dir in "$(tmp_root)"/segflow-pg-"$port".*; do
    [ -d "$dir" ] || continue
    if [ -f "$dir/data/postmaster.pid" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
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
