#!/usr/bin/env bash
# scenarios/tls against real servers: nginx with TLS and HTTP/2, vsftpd and proftpd with explicit
# and implicit FTPS (targets nginx-tls, vsftpd-tls, proftpd-tls in replycheck.toml). The test
# makes an authority and a server certificate for 127.0.0.1 with openssl; the suites trust the
# authority through ${tls_ca}. The same suites against the embedded mock run in run_bundled.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v openssl >/dev/null || { echo "SKIP: openssl command missing"; exit 77; }
work=$(mktemp -d)
servers=()
cleanup() {
  for s in "${servers[@]}"; do "$src/ci/servers/stop" "$s"; done
  rm -rf "$work"
}
trap cleanup EXIT

# An authority, and a leaf for 127.0.0.1 and localhost issued by it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=test authority" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/ext.cnf" -out "$work/server.pem" 2>/dev/null || { echo "FAIL: cannot make the server certificate"; exit 1; }
export REPLYCHECK_TLS_CA="$work/ca.pem"

start() {  # NAME KIND ROOT ARGS...; prints the port, or returns 77 when the server is missing
  local state="$work/$1"
  servers+=("$state")
  "$src/ci/servers/start" "$2" "$state" "$3" "${@:4}" >/dev/null || return $?
  cat "$state/port"
}

failed=0 ran=0
suite() {  # TARGET
  local out="$work/$1.txt"
  (cd "$src" && NO_COLOR=1 timeout 120 "$rc" run scenarios/tls --target "$1" --report-junit "$work/$1.xml" >"$out" 2>&1)
  local status=$?
  cat "$out"
  if [ $status -ne 0 ] || ! grep -Eq '^[1-9][0-9]* passed' "$out"; then
    echo "FAIL: scenarios/tls against $1: exit $status"
    failed=1
  fi
  ran=$((ran + 1))
}

if port=$(start nginx nginx "$src/scenarios/www" --tls "$work/server.pem" "$work/server.key"); then
  export REPLYCHECK_HTTPS_PORT=$port
  suite nginx-tls
else
  echo "nginx not available: nginx-tls skipped"
fi
for server in vsftpd proftpd; do
  if explicit=$(start "$server-explicit" "$server" "$src/scenarios/ftproot" --tls "$work/server.pem" "$work/server.key") &&
     implicit=$(start "$server-implicit" "$server" "$src/scenarios/ftproot" --tls "$work/server.pem" "$work/server.key" --implicit); then
    export REPLYCHECK_FTPES_PORT=$explicit REPLYCHECK_FTPS_PORT=$implicit
    suite "$server-tls"
  else
    echo "$server not available: $server-tls skipped"
  fi
done
[ $ran -gt 0 ] || { echo "SKIP: no TLS server available"; exit 77; }
[ $failed -eq 0 ] || exit 1
echo "ok: $ran TLS targets"
