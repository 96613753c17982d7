#!/usr/bin/env bash
# Makes a fresh clone runnable on a Debian machine that has only Node 20 and npm:
# pnpm 12, the workspace's dependencies and, with --test, Debian's chromium for Playwright,
# postgresql and redis-server for the throwaway servers the tests start.
# Safe to run again and again; when everything is present it only checks and returns.
#
#   bash scripts/bootstrap.sh          # what `npm start` needs
#   bash scripts/bootstrap.sh --test   # also what `npm test` needs (chromium, postgresql, redis-server)
set -euo pipefail

PNPM_MAJOR=12
CHROMIUM=/usr/bin/chromium

want_test=false
for arg in "$@"; do
  case "$arg" in
    --test) want_test=true ;;
    -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bootstrap: unknown argument: $arg (expected --test)" >&2; exit 2 ;;
  esac
done

log() { echo "bootstrap: $*" >&2; }
fail() { echo "bootstrap: error: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# better-sqlite3 compiles from source against the system Node headers; pnpm 12 ignores
# .npmrc, so node-gyp only finds them through this variable.
export npm_config_nodedir=/usr
# Browser downloads are unreachable here; Playwright uses Debian's chromium instead.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || fail "node is not installed (Node 20 or newer is needed)"
[ "$node_major" -ge 20 ] || fail "Node $node_major is too old; Node 20 or newer is needed"

pnpm_major() { pnpm --version 2>/dev/null | cut -d. -f1; }

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm_major)" = "$PNPM_MAJOR" ]; then
    return
  fi
  if command -v pnpm >/dev/null 2>&1; then
    log "pnpm $(pnpm --version) found, but this workspace needs pnpm $PNPM_MAJOR; installing it"
  else
    log "pnpm not found; installing pnpm@$PNPM_MAJOR with npm"
  fi
  if npm install --global --no-fund --no-audit "pnpm@$PNPM_MAJOR" >&2; then
    hash -r
  else
    log "npm could not install pnpm globally; trying corepack"
    command -v corepack >/dev/null 2>&1 || fail "corepack is missing too; run: npm install -g pnpm@$PNPM_MAJOR (as root)"
    corepack enable pnpm >&2 && corepack install --global "pnpm@$PNPM_MAJOR" >&2 \
      || fail "could not install pnpm; run as root: npm install -g pnpm@$PNPM_MAJOR"
    hash -r
  fi
  [ "$(pnpm_major)" = "$PNPM_MAJOR" ] \
    || fail "installed pnpm, but 'pnpm' on PATH is still $(pnpm --version 2>/dev/null || echo missing); check PATH"
}

# Install only when something could have changed since the last install, judged against
# node_modules/.modules.yaml, which pnpm writes and this script touches after each install.
needs_install() {
  local stamp=node_modules/.modules.yaml
  [ -f "$stamp" ] || return 0
  local manifest
  for manifest in pnpm-lock.yaml pnpm-workspace.yaml package.json apps/*/package.json packages/*/package.json e2e/package.json; do
    [ -f "$manifest" ] || continue
    [ "$manifest" -nt "$stamp" ] && return 0
    # A package with dependencies but no node_modules was cleaned by hand.
    if grep -q '"\(dev\)\{0,1\}[dD]ependencies"' "$manifest" && [ ! -d "$(dirname "$manifest")/node_modules" ]; then
      return 0
    fi
  done
  return 1
}

ensure_dependencies() {
  if needs_install; then
    log "installing dependencies (pnpm install --frozen-lockfile)"
    local started=$SECONDS
    pnpm install --frozen-lockfile >&2
    # pnpm leaves the file alone when nothing changed; touch it so the next run skips.
    touch node_modules/.modules.yaml
    log "dependencies installed in $((SECONDS - started))s"
  else
    log "dependencies up to date"
  fi
}

# The test suites need Debian's chromium (Playwright), PostgreSQL (a throwaway cluster
# for the postgres destination) and redis-server (a throwaway Redis for queue mode).
# Installed once, in one apt-get run.
test_packages_missing() {
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  echo "${missing[@]}"
}

ensure_test_packages() {
  local missing
  missing=$(test_packages_missing)
  [ -z "$missing" ] && return
  if ! is_root; then
    fail "the tests need Debian packages: $missing; run: sudo apt-get update && sudo apt-get install -y $missing"
  fi
  log "installing $missing with apt-get (a few minutes)"
  # Wait for another apt run (unattended upgrades, a parallel install) instead of failing.
  local lock_wait=(-o DPkg::Lock::Timeout=600)
  DEBIAN_FRONTEND=noninteractive apt-get "${lock_wait[@]}" update >&2
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get "${lock_wait[@]}" install -y $missing >&2
  [ -z "$(test_packages_missing)" ] || fail "apt-get finished but $(test_packages_missing) is still missing"
}

ensure_pnpm
log "pnpm $(pnpm --version), node $(node --version)"
ensure_dependencies
if $want_test; then
  ensure_test_packages
  log "chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
fi
log "ready"
