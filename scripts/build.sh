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
if [ "$profile" = release ]; then
  # binaryen from npm (tools/package.json): Debian's older wasm-opt produces a bundle that
  # fails to hydrate. Shrinks the bundle to about half.
  [ -x tools/node_modules/.bin/wasm-opt ] || (cd tools && npm ci --no-audit --no-fund --loglevel=error)
  tools/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o target/site/pkg/hallway_bg.wasm target/site/pkg/hallway_bg.wasm
fi
cp style/main.css target/site/pkg/hallway.css
# A gzip copy of each bundle file, served as it is to browsers that take gzip (the server
# compresses pages on the fly, but the bundle is too large to compress per request).
gzip_level=-6; [ "$profile" = release ] && gzip_level=-9
for file in target/site/pkg/hallway_bg.wasm target/site/pkg/hallway.js target/site/pkg/hallway.css; do
  gzip -kfn "$gzip_level" "$file"
done
cp public/* target/site/
cargo build -p server --bin hallway "${cargo_profile[@]}"
