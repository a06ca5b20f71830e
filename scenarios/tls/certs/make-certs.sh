#!/usr/bin/env bash
# Remakes the client certificates the TLS suites present (test-only keys, no secrets):
#   client-ca.pem            the authority the mock trusts for client certificates (100 years)
#   alice.pem / alice.key    issued by it, valid for 100 years          → accepted (verdict "valid")
#   expired.pem / .key       issued by it, valid only in January 2020   → IIS 403.17
#   stranger.pem / .key      issued by an authority the mock does not know → IIS 403.16
# Run from anywhere; needs only the openssl command.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

authority() {  # NAME CN
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj "/O=replycheck example/CN=$2" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$work/$1.key" -out "$work/$1.pem" 2>/dev/null
}

# `openssl ca` is the one openssl command that takes explicit start and end dates.
issue() {  # CA NAME CN STARTDATE ENDDATE OUTNAME
  local ca=$1 cn=$3 start=$4 end=$5 out=$6
  mkdir -p "$work/db-$out"
  : > "$work/db-$out/index.txt"
  cat > "$work/db-$out/ca.cnf" <<CNF
[ca]
default_ca = this
[this]
database = $work/db-$out/index.txt
new_certs_dir = $work/db-$out
serial = $work/db-$out/serial
default_md = sha256
policy = any
x509_extensions = client
unique_subject = no
[any]
commonName = supplied
organizationName = optional
[client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
CNF
  openssl rand -hex 16 > "$work/db-$out/serial"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/O=replycheck example/CN=$cn" \
    -keyout "$out.key" -out "$work/$out.csr" 2>/dev/null
  openssl ca -batch -config "$work/db-$out/ca.cnf" -cert "$work/$ca.pem" -keyfile "$work/$ca.key" \
    -startdate "$start" -enddate "$end" -notext -in "$work/$out.csr" -out "$out.pem" 2>/dev/null
}

authority client-ca "replycheck example client CA"
authority other-ca "an authority the mock does not trust"
cp "$work/client-ca.pem" client-ca.pem
issue client-ca alice alice 20250101000000Z 21241231000000Z alice
issue client-ca expired old-alice 20200101000000Z 20200131000000Z expired
issue other-ca stranger stranger 20250101000000Z 21241231000000Z stranger
echo "made client-ca.pem, alice, expired and stranger certificates in $(pwd)"
