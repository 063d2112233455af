#!/usr/bin/env bash
# Builds a release archive, dist/hallway-<version>-<arch>-linux.tar.gz: the release binary
# (its stylesheet, script, WebAssembly and favicon embedded, so it serves a complete Hallway
# from any directory), README.md, LICENSE, a sample systemd unit and a sample .env.
#   scripts/package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh --release
bin=target/release/hallway
version=$("$bin" --version | awk '{print $2}')
name="hallway-$version-$(uname -m)-linux"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
install -m 755 "$bin" "$stage/$name/hallway"
strip "$stage/$name/hallway" 2>/dev/null || true
install -m 644 README.md LICENSE scripts/package/hallway.service scripts/package/sample.env \
  "$stage/$name/"
mkdir -p dist
tar -C "$stage" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1)): run it with ./hallway serve"
