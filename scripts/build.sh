#!/usr/bin/env bash
# Builds the WebAssembly bundle, the stylesheet and the server into target/.
#   scripts/build.sh            debug build
#   scripts/build.sh --release  optimised build (used by the benchmarks)
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug; cargo_profile=(); wasm_profile=(--profile wasm-dev)
if [ "${1:-}" = "--release" ]; then
  profile=release; cargo_profile=(--release); wasm_profile=(--profile wasm-release)
fi
wasm_dir=wasm-dev; [ "$profile" = release ] && wasm_dir=wasm-release

cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate "${wasm_profile[@]}"
mkdir -p target/site/pkg
# Function names and the producers note are for debuggers, not for visitors: without them the
# bundle is half as large. No wasm-opt: its -Oz and -Os shrink the file but make it compress
# worse (release bundle gzipped: 1.49 MB as built, 1.83 MB after -Oz; docs/benchmarks.md).
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir target/site/pkg --out-name hallway \
  "target/wasm32-unknown-unknown/$wasm_dir/app.wasm"
cp style/main.css target/site/pkg/hallway.css
# The page-change script (app/src/navigation.js), without its comment lines.
sed -e '/^[[:space:]]*\/\//d' app/src/navigation.js > target/site/pkg/hallway_nav.js
# Name the bundle by its content: hallway.<hash>.js, hallway.<hash>_bg.wasm, hallway.<hash>.css,
# hallway.<hash>_nav.js.
# The server finds the name at start (server/src/http/assets.rs) and serves these files as
# immutable; a page names the files of its own build, and an older name answers 404.
pkg=target/site/pkg
hash=$(cat "$pkg/hallway.js" "$pkg/hallway_bg.wasm" "$pkg/hallway.css" "$pkg/hallway_nav.js" | sha256sum | cut -c1-16)
find "$pkg" -maxdepth 1 -name 'hallway.????????????????*' -delete
rm -f "$pkg"/hallway.js.gz "$pkg"/hallway_bg.wasm.gz "$pkg"/hallway.css.gz "$pkg"/hallway_nav.js.gz
mv "$pkg/hallway.js" "$pkg/hallway.$hash.js"
mv "$pkg/hallway_bg.wasm" "$pkg/hallway.${hash}_bg.wasm"
mv "$pkg/hallway.css" "$pkg/hallway.$hash.css"
mv "$pkg/hallway_nav.js" "$pkg/hallway.${hash}_nav.js"
# A gzip copy of each bundle file, served as it is to browsers that take gzip (the server
# compresses pages on the fly, but the bundle is too large to compress per request).
gzip_level=-6; [ "$profile" = release ] && gzip_level=-9
for file in "$pkg/hallway.${hash}_bg.wasm" "$pkg/hallway.$hash.js" "$pkg/hallway.$hash.css" "$pkg/hallway.${hash}_nav.js"; do
  gzip -kfn "$gzip_level" "$file"
done
cp public/* target/site/
cargo build -p server --bin hallway "${cargo_profile[@]}"
