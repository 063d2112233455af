#!/usr/bin/env bash
# Runs every check Hallway has, installing what is missing first:
# rustfmt, clippy (ssr and hydrate), unit and integration tests on SQLite and PostgreSQL,
# and the browser tests in headless Chromium. Prints a summary; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --test || { echo "setup failed"; exit 1; }

results=()
failed=0
step() {
  local name=$1; shift
  printf '\n\033[1;34m==> %s\033[0m\n' "$name"
  local start=$SECONDS
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - start)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - start)) s)")
    failed=1
  fi
}

# Databases left by earlier runs of the PostgreSQL tests.
drop_test_databases() {
  psql -h 127.0.0.1 -U postgres -d postgres -Atqc \
    "select datname from pg_database where datname like 'hallway_t_%'" 2>/dev/null |
    while read -r db; do psql -h 127.0.0.1 -U postgres -d postgres -qc "drop database if exists \"$db\"" >/dev/null 2>&1; done
  return 0
}

step "rustfmt" cargo fmt --all -- --check
step "clippy, server build (ssr)" cargo clippy --workspace --all-targets -- -D warnings
step "clippy, browser build (hydrate)" cargo clippy -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate -- -D warnings
step "build (wasm bundle, stylesheet, server)" scripts/build.sh
drop_test_databases
# Each test step's output is also kept, so the summary can repeat what failed (CI shows the tail).
logs=$(mktemp -d)
logged() {
  local log=$1; shift
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}
step "unit and integration tests (SQLite and PostgreSQL)" \
  logged "$logs/cargo-test.log" cargo test --workspace --exclude bench --no-fail-fast
step "browser tests (headless Chromium)" logged "$logs/browser.log" npm --prefix tests/browser test

printf '\n\033[1mHallway test summary\033[0m\n'
printf '  %s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then
  # What failed, from the kept output: failing tests, their panics, and a crashed test binary.
  for log in "$logs"/*.log; do
    [ -f "$log" ] || continue
    grep -E -A4 "^test .* FAILED$|panicked at|^not ok |^error: test failed|signal: |error\[|^  error:" "$log" |
      grep -v -E "^test .* ok$" | head -n 60 | sed "s|^|  $(basename "$log" .log): |"
  done
  # A full disk fails the builds of the test binaries in ways that look like test failures.
  df -h . | tail -n 1 | awk '{print "  disk: " $4 " free of " $2}'
  echo "Some checks FAILED."
  exit 1
fi
echo "All checks passed."
