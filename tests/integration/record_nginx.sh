#!/usr/bin/env bash
# `replycheck record` between curl and a real nginx: the emitted scenarios pass against nginx
# and against the emitted mock, the mock answers byte for byte as nginx did (Date apart), no
# password reaches a file or the console, --max stops by itself, an https upstream (the mock
# with --https) is recorded, and broken upstreams get 502/504 without a crash.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "nginx is not installed: skipped"; exit 77; }
. "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -KILL "$p" && wait "$p"; } 2>/dev/null; done
  "$src/ci/servers/stop" "$work/nginx" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$work/www/dir" "$work/nginx"
printf 'hello from nginx\n' > "$work/www/index.html"
seq 1 200 > "$work/www/numbers.txt"
printf 'in a folder\n' > "$work/www/dir/index.html"
"$src/ci/servers/start" nginx "$work/nginx" "$work/www"
status=$?
[ $status -eq 77 ] && exit 77
[ $status -eq 0 ] || fail "nginx did not start"
nginx_url="http://127.0.0.1:$(cat "$work/nginx/port")"

# start_recorder NAME ARGS...: `replycheck record` in the background; sets rec_pid and rec_url.
start_recorder() {
  local name=$1
  shift
  "$rc" record --listen 127.0.0.1:0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  rec_pid=$!
  pids+=("$rec_pid")
  mock_wait "$work/$name.out" "$rec_pid" http || { cat "$work/$name.err"; fail "$name: the recorder did not start"; }
  rec_url="http://$(mock_listener "$work/$name.out" http)"
}

# stop_recorder NAME: SIGINT, then the exit status must be 0 within 10 s.
stop_recorder() {
  kill -INT "$rec_pid"
  for _ in $(seq 1 100); do kill -0 "$rec_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$rec_pid" 2>/dev/null && fail "$1: the recorder did not stop on SIGINT"
  wait "$rec_pid" || { cat "$work/$1.err"; fail "$1: the recorder exited with $?"; }
}

c() { curl -s --max-time 10 "$@"; }

# --- record the walk-through -------------------------------------------------------------
cd "$work"
start_recorder main --to "$nginx_url" --emit-scenarios s.toml --emit-mock m.toml -v
etag=$(c -D - -o /dev/null "$rec_url/index.html" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
[ -n "$etag" ] || fail "no ETag through the recorder"
[ "$(c -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$rec_url/index.html")" = 304 ] || fail "no 304"
range=$(c -D - -o /dev/null -r 0-9 "$rec_url/numbers.txt" | tr -d '\r')
grep -q '^HTTP/1.1 206' <<<"$range" && grep -qi '^Content-Range: bytes 0-9/' <<<"$range" || fail "no 206: $range"
[ "$(c -o /dev/null -w '%{http_code}' -r 5000-6000 "$rec_url/numbers.txt")" = 416 ] || fail "no 416"
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/missing.txt")" = 404 ] || fail "no 404"
# The redirect points back at the recorder, so following it is recorded as well.
[ "$(c -o /dev/null -w '%{http_code} %{redirect_url}' "$rec_url/dir")" = "301 $rec_url/dir/" ] || fail "no 301 to the recorder"
[ "$(c -o /dev/null -w '%{http_code}' -I "$rec_url/index.html")" = 200 ] || fail "HEAD"
[ "$(c -o /dev/null -w '%{http_code}' -d 'user=alice&password=F0rmPa55word' "$rec_url/index.html")" = 405 ] || fail "no 405 to POST"
# JSON sent as curl -d types it (a form): cut as JSON; another value, another variable.
[ "$(c -o /dev/null -w '%{http_code}' -d '{"username":"a","password":"JsonF0rmPw9"}' "$rec_url/index.html")" = 405 ] \
  || fail "no 405 to the JSON POST"
# A cookie and an API key are replayed as variables.
[ "$(c -o /dev/null -w '%{http_code}' -H 'Cookie: sid=CookieV4lue77' -H 'X-Api-Key: ApiK3yNginx' "$rec_url/index.html")" = 200 ] \
  || fail "no 200 with a cookie"
[ "$(c -o /dev/null -w '%{http_code}' -u user:S3cretPw "$rec_url/dir/")" = 200 ] || fail "credentials"
# Two requests on one connection (keep-alive through the proxy).
[ "$(c -o /dev/null -o /dev/null -w '%{http_code}%{num_connects}\n' "$rec_url/index.html" "$rec_url/numbers.txt" | tr -d "\n")" = 20012000 ] \
  || fail "keep-alive: two requests did not share one connection"
stop_recorder main
cat "$work/main.out"
grep -q '^wrote 13 step(s) to s.toml$' main.out || fail "s.toml not written with 13 steps"
[ "$(grep -c '^record: \[' main.err)" = 13 ] || { cat main.err; fail "-v: not one line per exchange"; }
[ -d m-root ] && [ -z "$(ls -A m-root)" ] || fail "no empty m-root beside m.toml"

# (d) no secret anywhere
if grep -l 'S3cretPw\|dXNlcjpTM2NyZXRQdw\|F0rmPa55word\|JsonF0rmPw9\|CookieV4lue77\|ApiK3yNginx' s.toml m.toml main.out main.err; then
  fail "a secret was written"
fi
grep -qF "body = '{\"username\":\"a\",\"password\":\"\${body_password_2}\"}'" s.toml || { cat s.toml; fail "no placeholder for the JSON password"; }
grep -qF "Cookie = 'sid=\${cookie_sid}'" s.toml || fail "the cookie is not replayed as a variable"
grep -qF "X-Api-Key = '\${header_x_api_key}'" s.toml || fail "the API key is not replayed as a variable"
grep -qF "body = 'user=alice&password=\${body_password}'" s.toml || fail "no placeholder for the form's password"
grep -qF "auth = { password = '\${http_password}', user = '\${http_user}' }" s.toml || fail "no credential placeholders"
grep -qF "If-None-Match = '\${etag_1}'" s.toml || fail "the 304 step does not use the captured ETag"
grep -qF "capture = { etag_1 = { header = 'ETag' } }" s.toml || fail "the first step does not capture its ETag"

# (a) the scenarios pass against nginx
run_args=(--var http_user=user --secret http_password=S3cretPw --secret body_password=F0rmPa55word
  --secret body_password_2=JsonF0rmPw9 --secret cookie_sid=CookieV4lue77 --secret header_x_api_key=ApiK3yNginx)
NO_COLOR=1 "$rc" lint s.toml --var http="$nginx_url" "${run_args[@]}" || fail "s.toml does not lint"
NO_COLOR=1 timeout 60 "$rc" run s.toml --var http="$nginx_url" "${run_args[@]}" >run_nginx.txt 2>&1 \
  || { cat run_nginx.txt s.toml; fail "the recorded scenarios fail against nginx"; }

# (b) and against the emitted mock
"$rc" mock m.toml >mock.out 2>mock.err &
mock_pid=$!
pids+=("$mock_pid")
mock_wait mock.out "$mock_pid" http || { cat mock.err; fail "the emitted mock did not start"; }
mock_url="http://$(mock_listener mock.out http)"
NO_COLOR=1 timeout 60 "$rc" run s.toml --var http="$mock_url" "${run_args[@]}" >run_mock.txt 2>&1 \
  || { cat run_mock.txt m.toml; fail "the recorded scenarios fail against the emitted mock"; }
grep -q "S3cretPw\|F0rmPa55word\|JsonF0rmPw9\|CookieV4lue77\|ApiK3yNginx" run_nginx.txt run_mock.txt && fail "a secret was printed by run"

# (c) one reply byte for byte, Date apart
curl -si --max-time 5 "$nginx_url/numbers.txt" | grep -v '^Date:' > from_nginx.txt
curl -si --max-time 5 "$mock_url/numbers.txt" | grep -v '^Date:' > from_mock.txt
cmp from_nginx.txt from_mock.txt || { diff from_nginx.txt from_mock.txt; fail "the mock's reply differs from nginx's"; }
[ "$(wc -c < from_nginx.txt)" -gt 500 ] || fail "the compared reply is too short to mean anything"
mock_stop "$mock_pid"

# (e) --max 3 stops by itself
start_recorder max --to "$nginx_url" --emit-scenarios max.toml --max 3
for _ in 1 2 3; do c -o /dev/null "$rec_url/index.html"; done
for _ in $(seq 1 50); do kill -0 "$rec_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$rec_pid" 2>/dev/null && fail "--max 3 did not stop the recorder"
wait "$rec_pid" || fail "--max 3: exit status $?"
grep -q '^wrote 3 step(s) to max.toml$' max.out || fail "--max 3 did not write 3 steps"

# --- an https upstream: the project's mock with --https, trusted through its certificate ----
"$rc" mock --http 127.0.0.1:0 --root "$work/www" --https 127.0.0.1:0 --cert-out "$work/cert.pem" >https.out 2>https.err &
https_pid=$!
pids+=("$https_pid")
mock_wait https.out "$https_pid" https || { cat https.err; fail "the https mock did not start"; }
https_url="https://$(mock_listener https.out https)"
start_recorder tls --to "$https_url" --emit-scenarios tls.toml --insecure
[ "$(c "$rec_url/index.html")" = "hello from nginx" ] || fail "no reply through the https upstream"
stop_recorder tls
grep -q '^wrote 1 step(s) to tls.toml$' tls.out || fail "the https exchange was not recorded"
# Verified against the certificate the mock wrote (the system store does not know it).
start_recorder tls2 --to "$https_url" --emit-mock tls2.toml --cacert "$work/cert.pem"
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/index.html")" = 200 ] || fail "verified https upstream"
stop_recorder tls2
start_recorder tls3 --to "$https_url" --emit-mock tls3.toml
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/index.html")" = 502 ] || fail "an untrusted certificate was accepted"
stop_recorder tls3
grep -q 'cannot reach the upstream' tls3.out || fail "untrusted certificate: no note"
mock_stop "$https_pid"

# --- broken upstreams: refused, garbage, silent ----------------------------------------------
free_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_recorder refused --to "http://127.0.0.1:$free_port" --emit-mock refused.toml
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/x")" = 502 ] || fail "refused upstream: no 502"
stop_recorder refused
grep -q 'note: connection 1: GET /x: cannot reach the upstream' refused.out || fail "refused upstream: no note"

python3 - "$work" <<'PY' &
import socket, sys, threading, time
def serve(sock, reply):
    sock.listen(8)
    while True:
        conn, _ = sock.accept()
        conn.recv(65536)
        if reply: conn.sendall(reply); conn.close()
        else: threading.Timer(30, conn.close).start()
ports = []
for reply in (b"SSH-2.0-not-http\r\nmore garbage\r\n", b"", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ports.append(s.getsockname()[1])
    threading.Thread(target=serve, args=(s, reply), daemon=True).start()
open(sys.argv[1] + "/peers", "w").write("%d %d %d\n" % tuple(ports))
time.sleep(60)
PY
peers_pid=$!
pids+=("$peers_pid")
for _ in $(seq 1 50); do [ -s peers ] && break; sleep 0.1; done
read -r garbage_port silent_port extra_port < peers
start_recorder garbage --to "http://127.0.0.1:$garbage_port" --emit-mock garbage.toml
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/x")" = 502 ] || fail "garbage upstream: no 502"
stop_recorder garbage
grep -q 'sent no HTTP reply' garbage.out || fail "garbage upstream: no note"
start_recorder silent --to "http://127.0.0.1:$silent_port" --emit-mock silent.toml --timeout 1s
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/x")" = 504 ] || fail "silent upstream: no 504"
stop_recorder silent
grep -q 'no reply from the upstream in time' silent.out || fail "silent upstream: no note"
start_recorder extra --to "http://127.0.0.1:$extra_port" --emit-mock extra.toml
[ "$(c "$rec_url/x")" = ok ] || fail "bytes past the end of a reply reached the client"
stop_recorder extra
grep -q 'sent 5 byte(s) past the end of its reply' extra.out || fail "extra bytes: no note"
# Nothing recorded: no file is written, and the console says so.
[ -e silent.toml ] && fail "a mock was written from a recording without exchanges"
grep -q '^no exchange recorded: silent.toml not written$' silent.out || fail "no word on the file not written"
echo ok
