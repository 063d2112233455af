#!/usr/bin/env bash
# Builds the WebAssembly bundle, the stylesheet and the server into target/.
#   scripts/build.sh            debug build
#   scripts/build.sh --release  optimised build (used by the benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug; cargo_profile=(); wasm_profile=()
if [ "${1:-}" = "--release" ]; then
  profile=release; cargo_profile=(--release); wasm_profile=(--profile wasm-release)
fi
wasm_dir=debug; [ "$profile" = release ] && wasm_dir=wasm-release

cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate "${wasm_profile[@]}"
mkdir -p target/site/pkg
wasm-bindgen --target web --no-typescript --out-dir target/site/pkg --out-name hallway \
  "target/wasm32-unknown-unknown/$wasm_dir/app.wasm"
cp style/main.css target/site/pkg/hallway.css
cp public/* target/site/
cargo build -p server --bin hallway "${cargo_profile[@]}"
