#!/usr/bin/env bash
# Benchmarks of the certificate core (release build), medians of RUNS runs:
#  1. lab CA: request → issue → assign → PFX export, RSA-2048, as one CLI call, against an
#     OpenSSL script doing the same (req, x509 -req with the same lab root, pkcs12 -export);
#  2. ACME against Debian's pebble on loopback: our CLI against `certbot certonly --standalone`,
#     both with an account registered beforehand.
# Needs openssl, pebble and certbot (apt-get install openssl pebble certbot). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
true
bin=/tmp/gw/old-bin
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export DEPLOY_WIZARD_HOME=$work/data DEPLOY_WIZARD_FQDN=bench
"$bin" cms init "$work/cms" --lab >/dev/null
"$bin" store install --from-cms "$work/cms" >/dev/null
printf 'bench-password\n' > "$work/pw"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_runs() { # command... ; prints the median seconds
  local t=()
  for i in $(seq "$RUNS"); do
    local s; s=$(now)
    if ! "$@" "$i" >/dev/null 2>"$work/err"; then echo "run $i of $1 failed:" >&2; cat "$work/err" >&2; return 1; fi
    t+=("$(echo "$(now) - $s" | awk '{print $1 - $3}')")
  done
  printf '%s\n' "${t[@]}" | median
}

ours_lab() { "$bin" cert request --type WebServicesInternal --exportable --assign --pfx-out "$work/ours-$1.pfx" --password-file "$work/pw"; }
root=$work/data/replica/ca/lab-ca/certificate.pem
rootkey=$work/data/replica/protected/ca/lab-ca/key.pem
names=$("$bin" --json cert names --type WebServicesInternal | python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join("DNS:"+n for n in d["sans"]))')
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n' "$names" > "$work/ext.cnf"
openssl_lab() {
  local d=$work/ossl-$1; mkdir -p "$d"
  openssl req -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/req.csr" -subj "/CN=bench.lab.test" -addext "subjectAltName=$names" &&
  openssl x509 -req -in "$d/req.csr" -CA "$root" -CAkey "$rootkey" -set_serial "0x$(openssl rand -hex 16)" -days 365 -sha256 -extfile "$work/ext.cnf" -out "$d/cert.pem" &&
  openssl pkcs12 -export -in "$d/cert.pem" -inkey "$d/key.pem" -certfile "$root" -out "$d/out.pfx" -passout "file:$work/pw"
}
a=$(time_runs ours_lab) && b=$(time_runs openssl_lab)
printf 'lab CA request+issue+assign+PFX (RSA-2048): deploy-wizard %.3f s, openssl script %.3f s, ratio %.2f\n' "$a" "$b" "$(awk "BEGIN{print $a/$b}")"

# ACME against pebble.
p=$work/pebble; mkdir -p "$p"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$p/ca.key" -out "$p/ca.pem" -days 2 -subj "/CN=pebble TLS root" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$p/tls.key" -out "$p/tls.csr" -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$p/ext"
openssl x509 -req -in "$p/tls.csr" -CA "$p/ca.pem" -CAkey "$p/ca.key" -CAcreateserial -out "$p/tls.pem" -days 2 -extfile "$p/ext" 2>/dev/null
cat > "$p/config.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:14400", "managementListenAddress": "127.0.0.1:15400", "certificate": "$p/tls.pem", "privateKey": "$p/tls.key", "httpPort": 5402, "tlsPort": 5401, "ocspResponderURL": "", "externalAccountBindingRequired": false}}
JSON
PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 pebble -config "$p/config.json" >"$p/log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/14400) 2>/dev/null && break; sleep 0.1; done
dir=https://127.0.0.1:14400/dir
ours_acme() { "$bin" cert request --type WebServicesInternal --ca "$dir" --acme-root "$p/ca.pem" --http01-listen 127.0.0.1:5402; }
ours_acme 0 >/dev/null # registers the account
cb=(certbot --config-dir "$p/cb/config" --work-dir "$p/cb/work" --logs-dir "$p/cb/logs" --server "$dir" --non-interactive)
REQUESTS_CA_BUNDLE=$p/ca.pem "${cb[@]}" register --agree-tos --register-unsafely-without-email >/dev/null 2>&1
domains=$("$bin" --json cert names --type WebServicesInternal | python3 -c 'import json,sys; print(" ".join("-d "+n for n in json.load(sys.stdin)["sans"]))')
certbot_acme() { REQUESTS_CA_BUNDLE=$p/ca.pem "${cb[@]}" certonly --standalone --http-01-address 127.0.0.1 --http-01-port 5402 --cert-name "bench$1" $domains; }
a=$(time_runs ours_acme) && b=$(time_runs certbot_acme)
test -s "$p/cb/config/live/bench$RUNS/fullchain.pem" # certbot really issued
printf 'ACME issuance against pebble: deploy-wizard %.3f s, certbot %.3f s, ratio %.2f\n' "$a" "$b" "$(awk "BEGIN{print $a/$b}")"
