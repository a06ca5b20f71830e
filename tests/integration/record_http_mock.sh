#!/usr/bin/env bash
# The mock `replycheck record --emit-mock` writes, against a small Python upstream: a raw
# request-target that is not UTF-8 (`GET /caf\xe9.txt?q=\xff`) is shown percent-encoded on the
# console and in the file, and the mock loads and answers it with the recorded bytes (a Latin-1
# field included); replies chosen by Accept-Encoding (`Vary`) are told apart; a WebDAV MKCOL is
# answered by its script; a header section over the recorder's limit gets 431; an exchange past
# `--max` on an open connection is noted.
set -uo pipefail
export LC_ALL=C   # grep and diff over bytes that are not UTF-8
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed: skipped"; exit 77; }
. "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -KILL "$p" && wait "$p"; } 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"

python3 "$src/tests/integration/record_http_mock_upstream.py" "$work/port" &
pids+=($!)
for _ in $(seq 1 50); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || fail "the Python upstream did not start"
up="http://127.0.0.1:$(cat port)"

start_recorder() {
  local name=$1
  shift
  "$rc" record --listen 127.0.0.1:0 --to "$up" "$@" >"$name.out" 2>"$name.err" &
  rec_pid=$!
  pids+=("$rec_pid")
  mock_wait "$name.out" "$rec_pid" http || { cat "$name.err"; fail "$name: the recorder did not start"; }
  rec_addr=$(mock_listener "$name.out" http)
}
stop_recorder() {
  kill -INT "$rec_pid"
  for _ in $(seq 1 100); do kill -0 "$rec_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$rec_pid" 2>/dev/null && fail "$1: the recorder did not stop"
  wait "$rec_pid"; RC=$?
}
c() { curl -s --max-time 10 "$@"; }
# raw ADDR: sends stdin's bytes on one connection and prints the reply (until the close).
cat > raw.py <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit(":", 1)
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(sys.stdin.buffer.read())
out = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
PY
raw() { python3 raw.py "$1"; }
latin_request=$'GET /caf\xe9.txt?q=\xff HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'

# --- one recording ---------------------------------------------------------------------------
start_recorder main --emit-scenarios s.toml --emit-mock m.toml -v --timeout 3s
printf '%s' "$latin_request" | raw "$rec_addr" > latin.up
grep -qa $'X-Name: caf\xe9' latin.up || fail "the upstream's Latin-1 reply did not pass"
c -H 'Accept-Encoding: identity' -D enc-id.head -o enc-id.body "http://$rec_addr/enc"
c -H 'Accept-Encoding: gzip' -D enc-gz.head -o enc-gz.body "http://$rec_addr/enc"
grep -qi '^content-encoding: gzip' enc-gz.head || fail "the upstream did not compress (the test would prove nothing)"
[ "$(c -o /dev/null -w '%{http_code}' -X MKCOL "http://$rec_addr/dav/new/")" = 201 ] || fail "MKCOL through the recorder"
big=$(head -c 70000 /dev/zero | tr '\0' a)
got=$(c -o /dev/null -w '%{http_code}' -H "X-Big: $big" "http://$rec_addr/enc")
[ "$got" = 431 ] || fail "a header section over the recorder's limit: expected 431, got $got"
stop_recorder main
[ "$RC" = 0 ] || { cat main.err; fail "the recorder exited with $RC"; }
cat main.out
# Nothing raw on the console or in the files: the target is shown percent-encoded.
for f in main.out main.err m.toml s.toml; do
  python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$f" || fail "$f holds text that is not UTF-8"
done
grep -qF 'GET /caf%E9.txt?q=%FF -> 200' main.err || { cat main.err; fail "-v does not show the target percent-encoded"; }
grep -qF "header section larger than the recorder reads; 431 sent" main.out || fail "no note for the 431"
grep -qF "path_regex = '/caf\\xE9\\.txt'" m.toml || { cat m.toml; fail "the mock does not match the Latin-1 path"; }

# --- the mock answers as the upstream did ------------------------------------------------------
"$rc" mock m.toml >mock.out 2>mock.err &
mock_pid=$!
pids+=("$mock_pid")
mock_wait mock.out "$mock_pid" http || { cat mock.err; fail "the emitted mock does not start"; }
mock_addr=$(mock_listener mock.out http)
printf '%s' "$latin_request" | raw "$mock_addr" > latin.mock
# Byte for byte, Date apart.
diff <(grep -av '^Date:' latin.up) <(grep -av '^Date:' latin.mock) >/dev/null \
  || { cat -v latin.mock; fail "the mock's reply to the Latin-1 target differs from the upstream's"; }
c -H 'Accept-Encoding: identity' -D mock-id.head -o mock-id.body "http://$mock_addr/enc"
c -H 'Accept-Encoding: gzip' -D mock-gz.head -o mock-gz.body "http://$mock_addr/enc"
grep -qi '^content-encoding' mock-id.head && fail "Accept-Encoding: identity got a compressed reply from the mock"
cmp -s enc-id.body mock-id.body || fail "the identity reply differs"
grep -qi '^content-encoding: gzip' mock-gz.head || fail "Accept-Encoding: gzip did not get the gzip reply"
cmp -s enc-gz.body mock-gz.body || fail "the gzip reply differs"
[ "$(c -o /dev/null -w '%{http_code}' -X MKCOL "http://$mock_addr/dav/new/")" = 201 ] || fail "the mock did not answer MKCOL"
[ "$(c -o /dev/null -w '%{http_code}' -X BREW "http://$mock_addr/pot")" = 501 ] || fail "an unscripted method should get 501"
mock_stop "$mock_pid" || fail "the mock did not stop"

# --- --max 1: a second exchange on the same connection is forwarded and noted ------------------
start_recorder max --max 1 --timeout 3s --emit-mock max.toml
got=$(c -o /dev/null -o /dev/null -w '%{http_code} ' "http://$rec_addr/enc" "http://$rec_addr/enc")
[ "$got" = "200 200 " ] || fail "--max 1: both requests should be answered, got '$got'"
for _ in $(seq 1 100); do kill -0 "$rec_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$rec_pid" 2>/dev/null && stop_recorder max
grep -qF 'GET /enc: past --max, not recorded' max.out || { cat max.out max.err; fail "no note for the exchange past --max"; }
echo "record_http_mock: ok"
