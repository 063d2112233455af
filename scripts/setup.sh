#!/usr/bin/env bash
# Installs what building and testing Hallway needs, skipping what is already there.
#   scripts/setup.sh          build tools (wasm target, wasm-bindgen CLI)
#   scripts/setup.sh --test   also Chromium, the browser-test npm packages, the Python
#                             iCalendar parser the feed tests check against, and PostgreSQL up
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once)"
  # Without --locked: the locked set wants a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    say "installing Chromium for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    say "installing the browser-test npm packages"
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  fi
  if ! tests/python/.venv/bin/python -c 'import icalendar' >/dev/null 2>&1; then
    say "installing the independent iCalendar parser (Python icalendar) for the feed tests"
    python3 -m venv tests/python/.venv
    tests/python/.venv/bin/pip install -q --disable-pip-version-check -r tests/python/requirements.txt
  fi
  if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi
