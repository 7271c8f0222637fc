#!/usr/bin/env bash
# Benchmark of the foundation: `topology validate` and `store install` (step 1) on a generated
# topology of 1,000 pools / 5,000 servers. Reports the median wall time and the peak memory
# (max RSS) of RUNS runs of each, release build. Not part of the test run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
true
bin=/tmp/gw/old-bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 benches/gen_topology.py 1000 5 "$work/big.json"
"$bin" --data-dir "$work/data" cms init "$work/cms" >/dev/null
"$bin" --data-dir "$work/data" cms publish --cms "$work/cms" --topology "$work/big.json" >/dev/null
echo "topology: $(du -h "$work/big.json" | cut -f1), 1000 pools, 5000 servers; $RUNS runs each"

measure() { # label, command...
  local label=$1; shift
  local times=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
    read -r t m < "$work/time"
    times+=("$t"); rss+=("$m")
  done
  local med_t med_m
  med_t=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  med_m=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
  printf '%-20s median wall %6.3f s   peak RSS %6.1f MiB\n' "$label" "$med_t" "$(awk "BEGIN{print $med_m / 1024}")"
}

measure "topology validate" "$bin" --data-dir "$work/data" topology validate "$work/big.json"
measure "store install" "$bin" --data-dir "$work/data" store install --from-cms "$work/cms" --server fe-0-0.bench.example
