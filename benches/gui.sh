#!/usr/bin/env bash
# GUI figures, release build, under Xvfb: cold start to first window (spawn → the window is
# mapped with its title) and peak RSS (VmHWM) after the first frames; then the log viewer's
# frame time scrolling a 100,000-line run (benches/log_scroll.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
bin=$PWD/target/release/deploy-wizard
work=$(mktemp -d)
display=:$(( 150 + RANDOM % 50 ))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
until xwininfo -root -display "$display" >/dev/null 2>&1; do sleep 0.1; done
export DEPLOY_WIZARD_FQDN=se01.contoso.com
"$bin" --data-dir "$work/data" cms init "$work/cms" --lab >/dev/null
"$bin" --data-dir "$work/data" store install --from-cms "$work/cms" >/dev/null
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  DISPLAY=$display "$bin" --data-dir "$work/data" >/dev/null 2>&1 &
  app=$!
  until xwininfo -root -tree -display "$display" 2>/dev/null | grep -q 'deploy-wizard — Deployment Wizard'; do sleep 0.02; done
  end=$(date +%s.%N)
  sleep 2
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$app/status")
  kill "$app"; wait "$app" 2>/dev/null || true
  printf 'run %d: first window after %.3f s, peak RSS %.1f MiB\n' "$i" "$(echo "$end - $start" | bc)" "$(echo "$rss / 1024" | bc -l)"
done
cargo bench --locked --bench log_scroll 2>/dev/null | grep 'log viewer'
