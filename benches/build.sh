#!/usr/bin/env bash
# The clean release build: `cargo build --release --locked` of this checkout into an empty target
# directory (crates already downloaded; nothing else of this machine's builds reused), its wall
# time, the number of crates compiled, and the crates present in more than one version (what
# `cargo tree --duplicates` lists). Takes the whole build's time (about 7 minutes on 2 cores).
# Run on an otherwise idle machine: `bash benches/build.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT
cargo fetch --locked -q
start=$(date +%s.%N)
CARGO_TARGET_DIR=$target cargo build --release --locked 2> "$target/build.log"
end=$(date +%s.%N)
crates=$(grep -c '^ *Compiling ' "$target/build.log" || true)
duplicated=$(cargo tree --locked --duplicates --edges normal,build --depth 0 --prefix none 2>/dev/null \
  | grep -E '^[a-zA-Z0-9_-]+ v' | awk '{print $1}' | sort -u | wc -l)
printf 'clean release build: %.0f s (%.1f min), %d crates compiled, %d crates in more than one version (goal <= 8 min)\n' \
  "$(echo "$end - $start" | bc)" "$(echo "($end - $start) / 60" | bc -l)" "$crates" "$duplicated"
