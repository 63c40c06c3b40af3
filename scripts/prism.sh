#!/usr/bin/env bash
# Installs the Prism mock server (npm package @stoplight/prism-cli) into target/prism, for the wire tests in
# tests/tests/prism.rs, and prints the path of its binary. Idempotent: when the pinned version is already there it
# only prints the path (fast; CI calls it on every run).
#
# Needs Node.js (>= 18.20.1) and npm. When they are missing and this runs as root (a fresh CI machine), it installs
# Debian's `nodejs` and `npm` with apt-get; otherwise it stops and says so.
#
# PRISM_VERSION is pinned: 5.14.2 is the newest 5.x that runs on Node 18/20 (5.15 and later need Node >= 24).
set -euo pipefail
cd "$(dirname "$0")/.."

PRISM_VERSION="5.14.2"
PREFIX="target/prism"
BIN="$PWD/$PREFIX/node_modules/.bin/prism"
MANIFEST="$PREFIX/node_modules/@stoplight/prism-cli/package.json"

installed_version() {
  [ -f "$MANIFEST" ] && node -p "require('./$MANIFEST').version" 2>/dev/null || true
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "prism.sh: Node.js/npm missing; installing Debian's nodejs and npm" >&2
    apt-get update -qq >&2
    apt-get install -y -qq nodejs npm >&2
  else
    echo "prism.sh: Node.js (>= 18.20.1) and npm are needed to install Prism; install them and rerun" >&2
    exit 1
  fi
fi

# Prism 5.14 needs Node >= 18.20.1 (Debian 12's nodejs is 18.20.4).
if ! node -e 'const [a, b, c] = process.versions.node.split(".").map(Number);
    process.exit(a > 18 || (a === 18 && (b > 20 || (b === 20 && c >= 1))) ? 0 : 1)'; then
  echo "prism.sh: Node.js $(node --version) is too old for Prism $PRISM_VERSION (needs >= 18.20.1)" >&2
  exit 1
fi

if [ -x "$BIN" ] && [ "$(installed_version)" = "$PRISM_VERSION" ]; then
  echo "$BIN"
  exit 0
fi

echo "prism.sh: installing @stoplight/prism-cli@$PRISM_VERSION into $PREFIX" >&2
mkdir -p "$PREFIX"
start=$(date +%s)
npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >&2
echo "prism.sh: installed in $(($(date +%s) - start)) s" >&2
if [ ! -x "$BIN" ]; then
  echo "prism.sh: npm finished but $BIN is missing" >&2
  exit 1
fi
echo "$BIN"
