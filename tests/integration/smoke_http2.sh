#!/usr/bin/env bash
# `replycheck smoke` over HTTP/2 (RFC 9113), against real peers:
#  - nginx with TLS and HTTP/2: the HTTP/1.1 suite as before, then a second suite "over HTTP/2"
#    (chosen by ALPN, no flag needed) whose probes pass, each step sent and answered as HTTP/2,
#    the probes about HTTP/1.1 bytes skipped with the reason;
#  - an HTTP/2 server (python3-h2) that sends a connection-specific field: libcurl refuses the
#    reply, and the probe fails naming http.h2.connection-specific-field (RFC 9113 §8.2.2) and the
#    field seen (Connection, Transfer-Encoding, TE: gzip), over TLS and over h2c (--http2);
#    TE: trailers, which HTTP/2 allows, gives no such failure;
#  - --http2 against the mock (no HTTP/2, neither by ALPN nor with prior knowledge): a skip
#    that says so, exit 0; without --http2 an https server that does not pick h2 gets no
#    HTTP/2 suite.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v openssl >/dev/null || { echo "SKIP: openssl is not installed"; exit 77; }
/usr/bin/python3 -c 'import h2' 2>/dev/null || { echo "SKIP: python3-h2 is not installed (ci/deps)"; exit 77; }
work=$(mktemp -d)
chmod 755 "$work"
servers=() pids=()
cleanup() {
  for s in "${servers[@]}"; do "$src/ci/servers/stop" "$s" >/dev/null 2>&1; done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
. "$src/tests/integration/lib/tls_certs.sh"
. "$src/tests/integration/lib/mock.sh"
make_certs "$work/certs" || { echo "FAIL: could not make the test certificates"; exit 1; }
certs=$work/certs
mkdir -p "$work/root"
printf 'smoke over h2\n' > "$work/root/hello.txt"
printf '<p>index</p>\n' > "$work/root/index.html"
chmod 755 "$work/root"

"$src/ci/servers/start" nginx "$work/nginx" "$work/root" --allow-header --tls "$certs/good.pem" "$certs/good.key" >/dev/null
status=$?
[ $status -eq 77 ] && { echo "SKIP: nginx is not installed"; exit 77; }
[ $status -eq 0 ] || { echo "FAIL: nginx did not start"; exit 1; }
servers+=("$work/nginx")
nginx_port=$(cat "$work/nginx/port")

# peer NAME FIELD VALUE [tls]: the hostile HTTP/2 server, sets ${NAME}_port (bounded: 10 s to start).
peer() {
  local name=$1 field=$2 value=$3 tls=()
  [ "${4:-}" = tls ] && tls=("$certs/good.pem" "$certs/good.key")
  /usr/bin/python3 "$src/tests/integration/hostile_h2_peer.py" "$work/$name.port" "$field" "$value" "${tls[@]}" &
  pids+=($!)
  for _ in $(seq 1 100); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
  [ -s "$work/$name.port" ] || { echo "FAIL: hostile_h2_peer $name did not start"; exit 1; }
  printf -v "${name}_port" '%s' "$(cat "$work/$name.port")"
}
peer connection connection keep-alive tls
peer chunked transfer-encoding chunked tls
peer te te gzip tls
peer trailers te trailers tls
peer cleartext connection close

"$rc" mock --http 127.0.0.1:0 --https 127.0.0.1:0 --root "$work/root" --cert-out "$work/mock-ca.pem" \
  > "$work/mock.out" 2> "$work/mock.err" &
mock_pid=$!
pids+=($mock_pid)
mock_wait "$work/mock.out" $mock_pid http https cert || { echo "FAIL: the mock did not start"; cat "$work/mock.err"; exit 1; }
mock_http=$(mock_listener "$work/mock.out" http)
mock_https_port=$(mock_listener "$work/mock.out" https | sed 's/.*://')

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# check NAME EXPECTED-EXIT URL ARGS... -- then patterns: +PATTERN must be in the output,
# -PATTERN must not.
check() {
  local name=$1 want=$2 url=$3
  shift 3
  local args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  NO_COLOR=1 timeout 120 "$rc" smoke "$url" --timeout 3s "${args[@]}" >"$work/$name.out" 2>&1
  local got=$? ok=1
  [ "$got" -eq "$want" ] || { fail "$name: exit $got, wanted $want"; ok=0; }
  for p in "$@"; do
    case "$p" in
      +*) grep -Eq -- "${p#+}" "$work/$name.out" || { fail "$name: output lacks /${p#+}/"; ok=0; } ;;
      -*) ! grep -Eq -- "${p#-}" "$work/$name.out" || { fail "$name: output has /${p#-}/"; ok=0; } ;;
    esac
  done
  if [ $ok -eq 1 ]; then echo "ok: $name"; else sed 's/^/    /' "$work/$name.out" | head -60; fi
}

ng="https://localhost:$nginx_port/hello.txt"
check nginx-alpn 0 "$ng" --cacert "$certs/ca.pem" --report-json "$work/nginx.json" -- \
  "+^PASS +GET gives 200 \(smoke https://localhost:$nginx_port/hello.txt\) " \
  "+^PASS +GET gives 200 \(smoke https://localhost:$nginx_port/hello.txt over HTTP/2\)" \
  '+^PASS +If-None-Match gives 304 \(.* over HTTP/2\)' '+^PASS +Range gives 206 \(.* over HTTP/2\)' \
  '+^SKIP +HTTP/1.1 without Host gives 400 \(.* over HTTP/2\)' '+the probe is about HTTP/1.1 bytes' \
  '+^PASS +HTTP/1.1 without Host gives 400 \(smoke [^ ]*\) ' '-^FAIL' '-^ERROR' '+in 2 suites'
# Each step says the version it used: the request line and the status as libcurl shows HTTP/2.
grep -q '"label": *"GET /hello.txt HTTP/2"' "$work/nginx.json" || fail "nginx-alpn: no step labelled 'GET /hello.txt HTTP/2' in the JSON report"
grep -q '"actual": *"HTTP/2 200' "$work/nginx.json" || fail "nginx-alpn: no step with actual 'HTTP/2 200' in the JSON report"
grep -q '"label": *"GET /hello.txt HTTP/1.1"' "$work/nginx.json" || fail "nginx-alpn: the HTTP/1.1 steps are gone from the JSON report"
check nginx-flag 0 "$ng" --cacert "$certs/ca.pem" --http2 -- '+over HTTP/2\)' '-^FAIL' '-^ERROR'

# The fault over TLS: libcurl resets the stream, the reply read again names the field.
check h2-connection 1 "https://localhost:$connection_port/" --cacert "$certs/ca.pem" -- \
  '+^FAIL +GET gives 200 \(.* over HTTP/2\)' \
  '+http.h2.connection-specific-field \(RFC 9113 §8.2.2\): the HTTP/2 200 response carries the connection-specific field connection: keep-alive' \
  '+libcurl refused the reply' '+PROTOCOL_ERROR'
check h2-transfer-encoding 1 "https://localhost:$chunked_port/" --cacert "$certs/ca.pem" --http2 -- \
  '+http.h2.connection-specific-field \(RFC 9113 §8.2.2\): .*connection-specific field transfer-encoding: chunked'
check h2-te 1 "https://localhost:$te_port/" --cacert "$certs/ca.pem" -- \
  '+http.h2.connection-specific-field \(RFC 9113 §8.2.2\): .*carries TE: gzip'
# The same server with TE: trailers, which HTTP/2 allows (it still fails other probes: no 304).
check h2-te-trailers 1 "https://localhost:$trailers_port/" --cacert "$certs/ca.pem" -- \
  '+^PASS +GET gives 200 \(.* over HTTP/2\)' '-http.h2.connection-specific-field' '-libcurl refused'
# h2c with prior knowledge only when asked for.
check h2c-connection 1 "http://127.0.0.1:$cleartext_port/" --http2 -- \
  '+^FAIL +GET gives 200 \(smoke http://127.0.0.1:[0-9]+/ over HTTP/2\)' \
  '+connection-specific field connection: close'

# No HTTP/2 on the server: a skip with the reason when asked for, nothing otherwise.
check mock-h2c 0 "http://$mock_http/hello.txt" --http2 -- '+^SKIP +HTTP/2 available' \
  '+does not speak HTTP/2 with prior knowledge \(h2c, RFC 9113 §3.3\)' '+^PASS +GET gives 200' '-^FAIL'
check mock-alpn 0 "https://localhost:$mock_https_port/hello.txt" --cacert "$work/mock-ca.pem" --http2 -- \
  '+^SKIP +HTTP/2 available' '+the server chose http/1.1: it does not speak HTTP/2 over TLS' '-^FAIL'
check mock-no-flag 0 "https://localhost:$mock_https_port/hello.txt" --cacert "$work/mock-ca.pem" -- \
  '-over HTTP/2' '+in 1 suite'
# A certificate that cannot be checked: the HTTP/1.1 probes name it, and so does the skip.
check untrusted-flag 1 "$ng" --http2 -- '+^SKIP +HTTP/2 available' '+TLS handshake offering h2 failed: .*untrusted'

# No probe waits out its timeout against a server that answers them all: both suites against
# nginx with --timeout 20s end well before one probe's timeout (speed itself is
# tests/bench/smoke_bench.sh's business, not a test's).
start=$(date +%s%N)
NO_COLOR=1 timeout 60 "$rc" smoke "https://127.0.0.1:$nginx_port/" --cacert "$certs/ca.pem" --timeout 20s >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "smoke https://127.0.0.1:$nginx_port/ (HTTP/1.1 and HTTP/2 suites): ${ms} ms"
[ "$ms" -lt 15000 ] || fail "smoke over HTTP/1.1 and HTTP/2 took ${ms} ms: a probe waited out its 20 s timeout"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo ok
