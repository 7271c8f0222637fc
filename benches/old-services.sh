#!/usr/bin/env bash
# Figures of steps 2 and 4 on the lab's Front End (release build), medians of RUNS runs:
# `components setup` from nothing, `services start` from stopped, `services status` while
# running (three TLS probes, a health page and a SIP OPTIONS). Uses ports 4443, 8443 and 5061
# on 127.0.0.1. Needs nginx, Kamailio and openssl. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
true
bin=/tmp/gw/old-bin
work=$(mktemp -d)
export DEPLOY_WIZARD_HOME=$work/data DEPLOY_WIZARD_FQDN=bench DEPLOY_WIZARD_LISTEN_ADDRESS=127.0.0.1
trap '"$bin" services stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# The lab's Front End alone (the lab also has a Persistent Chat pool: benches/pchat.sh).
sed 's/se01\.contoso\.com/bench.lab.test/g; s/contoso\.com/lab.test/g' \
  assets/topology/standard-edition.json > "$work/topology.json"
"$bin" cms init "$work/cms" >/dev/null
"$bin" cms publish --cms "$work/cms" --topology "$work/topology.json" >/dev/null
"$bin" cms ca create --cms "$work/cms" --name "Bench CA" >/dev/null
"$bin" store install --from-cms "$work/cms" >/dev/null
"$bin" components setup >/dev/null
"$bin" cert request --type Default,WebServicesInternal,WebServicesExternal --assign >/dev/null
"$bin" cert request --type OAuthTokenIssuer --exportable --assign >/dev/null

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { # label, before-command (untimed), timed command...
  local label=$1 before=$2; shift 2
  local t=()
  for _ in $(seq "$RUNS"); do
    eval "$before" >/dev/null
    local s; s=$(now)
    "$@" >/dev/null
    t+=("$(awk -v a="$(now)" -v b="$s" 'BEGIN{print a-b}')")
  done
  printf '%-28s median %.3f s\n' "$label" "$(printf '%s\n' "${t[@]}" | median)"
}
measure "step 2 (components setup)" '"$bin" services stop; "$bin" components remove' "$bin" components setup
measure "step 4 (services start)" '"$bin" services stop' "$bin" services start
measure "services status" ':' "$bin" services status
"$bin" services status | grep -c '\[ok\]' | grep -qx 3 # every port presents the assigned certificate
