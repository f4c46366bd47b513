#!/usr/bin/env bash
# The production install, checked on a fresh clone of this checkout's HEAD (run by hand or in a
# release job; not in `npm test`: it downloads packages and may compile better-sqlite3):
#   git clone → npm ci --omit=dev → npm start → /healthz answers, the portal and a signed B-End call work
#   → the CLI runs from the same install. Prints the install's size and each step's time.
# Usage: scripts/check-production-install.sh [workdir]   (PORT defaults to 18080)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/tradepost-prod-XXXXXX)}"
port="${PORT:-18080}"
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%T)"; }

step "clone $(git -C "$repo" rev-parse --short HEAD) into $work/app"
git clone -q "$repo" "$work/app"
cd "$work/app"

step "npm ci --omit=dev"
start=$(date +%s)
npm ci --omit=dev --no-audit --no-fund 2>&1 | tee "$work/npm-ci.log" | tail -3
echo "npm ci --omit=dev: $(( $(date +%s) - start )) s, node_modules $(du -sm node_modules | cut -f1) MB"
if grep -q EBADENGINE "$work/npm-ci.log"; then echo "FAIL: EBADENGINE warning"; exit 1; fi
git diff --quiet package-lock.json || { echo "FAIL: npm ci changed package-lock.json"; exit 1; }
# (typescript and tsx do come along: i18next declares typescript a peer, vite tsx an optional one,
# and npm installs both; the start script needs neither.)
for dev in vitest eslint prettier; do
  [ ! -e "node_modules/$dev" ] || { echo "FAIL: devDependency $dev was installed"; exit 1; }
done

step "npm start (PORT=$port, data in $work/data)"
start=$(date +%s)
PORT=$port TRADEPOST_DATA_DIR="$work/data" npm start > "$work/start.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { cat "$work/start.log"; echo "FAIL: npm start exited"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$port/healthz" > /dev/null
echo "npm start → /healthz: $(( $(date +%s) - start )) s"
grep -E "listening on|App ID|app rotate" "$work/start.log" | sed 's/\(Secret Key\|Sign Key\):.*/\1: (hidden)/'
curl -fs "http://127.0.0.1:$port/" | grep -q '<div id="root"' && echo "portal: index.html served"

step "the CLI from the same install"
node_modules/.bin/tradepost --version
TRADEPOST_DATA_DIR="$work/data" node_modules/.bin/tradepost verify --json
echo "OK: production install works"
