#!/usr/bin/env bash
# What `replycheck run` (and `smoke`, at the end) prints on the console: on failure the reply's status line and first
# header fields (not the end of the body) and why a reply that met the expected status still
# failed, each rule once; -v adds every step's request and reply heads, --very-verbose the
# bodies (capped); --color auto|always|never, --no-color and NO_COLOR.
set -uo pipefail
rc=${REPLYCHECK:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
mkdir -p www
{ echo "<p>first line of the page</p>"; for i in $(seq 1 400); do echo "filler line $i of the body"; done
  echo "LAST-LINE-OF-BODY"; } > www/index.html
cat > console.toml <<'TOML'
[mock.http]
root = "www"
[[mock.http.script]]
match = { method = "OPTIONS", path = "/" }
reply = { status = 405, body = "no" }
[[scenario]]
name = "index is there"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { status = 200 }
[[scenario]]
name = "index is created"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { status = 201 }
[[scenario]]
name = "OPTIONS is refused properly"
  [[scenario.step]]
  request = { method = "OPTIONS", url = "${http}/" }
  expect = { status = [200, 204, 405, 501] }
TOML

# run ARGS...: the console output in out.txt; the exit status must be 1 (two scenarios fail).
run() {
  timeout 60 "$rc" run console.toml -j 1 "$@" >out.txt 2>err.txt
  local code=$?
  [ "$code" -eq 1 ] || { cat out.txt err.txt >&2; fail "run $* exited $code, expected 1"; }
}
has() { grep -qF -- "$1" out.txt || { cat out.txt >&2; fail "$2: no '$1'"; }; }
lacks() { if grep -qF -- "$1" out.txt; then cat out.txt >&2; fail "$2: '$1' printed"; fi; }

# Default: verdicts and, for failures, the reply's head.
NO_COLOR= run
has "      | < HTTP/1.1 200 OK" "the failure shows the status line"
has "      | < Content-Type: text/html" "the failure shows header fields"
lacks "LAST-LINE-OF-BODY" "the failure shows the end of the body"
lacks "| > GET" "without -v the request is not echoed"
has " — 405 is allowed, but http.405.allow failed" "a 405 that met the expectation says why it failed"
[ "$(grep -c '405 to OPTIONS without Allow' out.txt)" -eq 1 ] || { cat out.txt >&2; fail "the rule is not printed once"; }
lacks $'\x1b[' "not a terminal: no colour by default"
grep -q "is allowed" <(grep -A4 "index is created" out.txt) && fail "a 200 against an expected 201 is called allowed"

# -v: request and reply heads of every step, passed ones too; no body.
run -v
has "      | > GET /index.html HTTP/1.1" "-v echoes the request head"
[ "$(grep -c '| < HTTP/1.1 200 OK' out.txt)" -ge 2 ] || fail "-v shows the reply head of each GET"
has "bytes of body (--very-verbose shows it)]" "-v says the body is left out"
lacks "filler line 1 of" "-v prints no body"

# --very-verbose: the body, capped.
run --very-verbose
has "filler line 1 of the body" "--very-verbose prints the body"
lacks "LAST-LINE-OF-BODY" "--very-verbose caps the body"
has "bytes of body not shown]" "--very-verbose says what it cut"

# Colours.
NO_COLOR= run --color always
has $'\x1b[31mFAIL' "--color always colours a pipe"
NO_COLOR= run --color never
lacks $'\x1b[' "--color never"
NO_COLOR= run --color always --no-color
lacks $'\x1b[' "--no-color wins"
NO_COLOR=1 run --color always
lacks $'\x1b[' "NO_COLOR is honoured"
timeout 10 "$rc" run console.toml --color sometimes >out.txt 2>err.txt
[ $? -eq 2 ] || fail "--color sometimes must be a usage error (2)"
grep -q "sometimes" err.txt || fail "--color sometimes: the message does not name the value"

# smoke takes the same console options: -v shows each probe's request head, --color colours.
. "${REPLYCHECK_SOURCE_DIR:?}/tests/integration/lib/mock.sh"
"$rc" mock --http 127.0.0.1:0 --root www > mock.out 2> mock.err &
mock_pid=$!
mock_wait mock.out $mock_pid http || { cat mock.err >&2; fail "the mock did not start"; }
addr=$(mock_listener mock.out http)
timeout 60 "$rc" smoke "http://$addr/index.html" -v --color always > out.txt 2> err.txt
[ $? -eq 0 ] || { cat out.txt err.txt >&2; kill $mock_pid; fail "smoke -v against the mock did not pass"; }
has "      | > GET /index.html HTTP/1.1" "smoke -v echoes the request head"
has $'\x1b[32mPASS' "smoke --color always colours a pipe"
timeout 60 "$rc" smoke "http://$addr/index.html" --color never > out.txt 2> err.txt
lacks $'\x1b[' "smoke --color never"
lacks "| > GET" "smoke without -v does not echo requests"
kill $mock_pid
echo "OK: console failure heads, -v, --very-verbose, --color (run and smoke)"
