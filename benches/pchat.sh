#!/usr/bin/env bash
# Figures of Persistent Chat on a Standard Edition server with its pool collocated (release
# build, as root): steps 2 + 4 wall time from nothing (cluster creation included), median of
# RUNS; then CLIENTS XMPP clients post MESSAGES messages each to one room (closed loop, see
# benches/pchat_load.py): messages per second and the median delivery latency; then the
# store's size (the Persistent Chat database) once those CLIENTS x MESSAGES messages (100,000
# by default) are in it. Uses ports 15061, 14443, 18443, 15222, 15223, 15281 and 15432 on
# 127.0.0.1. Needs nginx, Kamailio, PostgreSQL, Prosody and python3-slixmpp. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
CLIENTS=${CLIENTS:-20}
MESSAGES=${MESSAGES:-5000}
cargo build --release --locked -q
bin=$PWD/target/release/deploy-wizard
work=$(mktemp -d)
chmod 711 "$work" # the services' users (prosody, postgres) pass through to the install path
export DEPLOY_WIZARD_HOME=$work/data DEPLOY_WIZARD_FQDN=se01.contoso.com \
  DEPLOY_WIZARD_LISTEN_ADDRESS=127.0.0.1 DEPLOY_WIZARD_FIREWALL=leave
trap '"$bin" services stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
python3 - "$work/topology.json" <<'EOF'
import json, sys
t = json.load(open("assets/topology/standard-edition.json"))
del t["$schema"]
fe = t["sites"][0]["pools"][0]
fe["sip_port"] = 15061
fe["web_services"].update(internal_port=14443, external_port=18443)
t["sites"][0]["pools"].append({
    "fqdn": "se01.contoso.com", "kind": "PersistentChat",
    "servers": [{"fqdn": "se01.contoso.com"}], "associated_pool": "se01.contoso.com",
    "persistent_chat": {"store": {"server": "collocated", "port": 15432},
                        "client_port": 15222, "client_tls_port": 15223, "file_port": 15281}})
json.dump(t, open(sys.argv[1], "w"))
EOF
"$bin" cms init "$work/cms" >/dev/null
"$bin" cms publish --cms "$work/cms" --topology "$work/topology.json" >/dev/null
"$bin" cms ca create --cms "$work/cms" --name "Bench CA" >/dev/null
"$bin" store install --from-cms "$work/cms" >/dev/null
"$bin" components setup >/dev/null
"$bin" cert request --type Default,WebServicesInternal,WebServicesExternal --assign >/dev/null
"$bin" cert request --type OAuthTokenIssuer --exportable --assign >/dev/null

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t=()
for _ in $(seq "$RUNS"); do
  "$bin" services stop >/dev/null
  "$bin" components remove >/dev/null
  rm -rf "$work/data/install" # the store's cluster too: step 4 creates it again
  s=$(now)
  "$bin" components setup >/dev/null
  "$bin" services start >/dev/null
  t+=("$(awk -v a="$(now)" -v b="$s" 'BEGIN{print a-b}')")
done
printf '%-44s median %.3f s\n' "steps 2 + 4, Persistent Chat server" "$(printf '%s\n' "${t[@]}" | median)"

# Accounts user0..userN-1 and a policy that enables everybody.
password=bench-password
printf '%s\n' "$password" > "$work/pw" && chmod 600 "$work/pw"
for n in $(seq 0 $((CLIENTS - 1))); do
  "$bin" pchat user add "sip:user$n@contoso.com" --password-file "$work/pw" >/dev/null
done
"$bin" pchat policy set --scope global --enabled true >/dev/null
"$bin" services start >/dev/null
roots=$work/data/install/SipRegistrar/certs/roots.pem
/usr/bin/python3 benches/pchat_load.py 15222 "$roots" contoso.com bench@se01.contoso.com \
  "$password" "$CLIENTS" "$MESSAGES" | sed 's/^/load: /'
secret=$(cat "$work/data/replica/protected/settings/pchat-store-secret")
size=$(PGPASSWORD=$secret psql -X -A -t -q -h 127.0.0.1 -p 15432 -U pchat -d mgc \
  -c "SELECT pg_database_size('mgc')")
rows=$(PGPASSWORD=$secret psql -X -A -t -q -h 127.0.0.1 -p 15432 -U pchat -d mgc \
  -c "SELECT count(*) FROM prosodyarchive WHERE store = 'muc_log'")
printf 'store after %s messages: %s archived, database %.1f MiB\n' \
  "$((CLIENTS * MESSAGES))" "$rows" "$(awk -v b="$size" 'BEGIN{print b/1048576}')"
