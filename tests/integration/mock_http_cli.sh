#!/usr/bin/env bash
# Drives the real binary: `replycheck mock --http 127.0.0.1:0 --root DIR`, reads the port from
# its first line, talks to it with curl, stops it with SIGTERM and checks the exit code and the
# journal. Also: a config file with rules, exit 2 on config errors (file:line:col), exit 3 when
# the port is taken.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www/private"
printf 'hello world\n' > "$work/www/hello.txt"
printf 'secret\n' > "$work/www/private/s.txt"

# Starts the mock with the given arguments; sets PORT and MOCK_PID (waits at most 5 s for the line).
start_mock() {
    local out="$work/out.$RANDOM"
    "$REPLYCHECK" mock "$@" >"$out" 2>"$work/err.txt" &
    MOCK_PID=$!
    pids+=("$MOCK_PID")
    PORT=""
    for _ in $(seq 1 50); do
        PORT=$(sed -n 's/^http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out" | head -n1)
        [ -n "$PORT" ] && break
        kill -0 "$MOCK_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$PORT" ] || { cat "$work/err.txt" >&2; fail "no 'http 127.0.0.1:PORT' line"; }
    LINES_OUT="$out"
}

# Sends SIGTERM and waits (at most 5 s) for the exit; sets RC.
stop_mock() {
    kill -TERM "$MOCK_PID"
    for _ in $(seq 1 50); do
        kill -0 "$MOCK_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$MOCK_PID" 2>/dev/null && { kill -KILL "$MOCK_PID"; fail "mock did not stop on SIGTERM"; }
    wait "$MOCK_PID"; RC=$?
}

# 1. Quick flags, curl, SIGTERM, journal.
start_mock --http 127.0.0.1:0 --root "$work/www" --auth /private=alice:pw1 --journal "$work/journal.jsonl"
body=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/hello.txt") || fail "curl GET"
[ "$body" = "hello world" ] || fail "body was '$body'"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/private/s.txt")
[ "$code" = 401 ] || fail "expected 401, got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -u alice:pw1 "http://127.0.0.1:$PORT/private/s.txt")
[ "$code" = 200 ] || fail "expected 200 with credentials, got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Range: bytes=0-4' "http://127.0.0.1:$PORT/hello.txt")
[ "$code" = 206 ] || fail "expected 206, got $code"
grep -q pw1 "$LINES_OUT" "$work/err.txt" && fail "password printed"
stop_mock
[ "$RC" = 0 ] || fail "exit code after SIGTERM was $RC"
[ -s "$work/journal.jsonl" ] || fail "no journal written"
python3 - "$work/journal.jsonl" <<'PY' || fail "journal content"
import json, sys
entries = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "http"]
assert len(entries) == 4, entries
assert entries[0]["method"] == "GET" and entries[0]["target"] == "/hello.txt" and entries[0]["status"] == 200
assert [e["status"] for e in entries] == [200, 401, 200, 206]
PY

# 2. A config file with a rule, and SIGINT.
cat > "$work/mock.toml" <<TOML
[mock.http]
listen = "127.0.0.1:0"
root = "www"

[[mock.http.script]]
match = { path = "/flaky" }
times = 1
reply = { status = 503, headers = { Retry-After = "1" }, body = "busy" }
TOML
start_mock "$work/mock.toml"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/flaky")
[ "$code" = 503 ] || fail "rule: expected 503, got $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/flaky")
[ "$code" = 404 ] || fail "rule used up: expected 404, got $code"
kill -INT "$MOCK_PID"; wait "$MOCK_PID"; rc=$?
[ "$rc" = 0 ] || fail "exit code after SIGINT was $rc"

# 3. Config errors: exit 2 with file:line:col.
printf '[mock.http]\nroot = "www"\nbogus = 1\n' > "$work/bad.toml"
"$REPLYCHECK" mock "$work/bad.toml" >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 2 ] || fail "bad config: exit $rc"
grep -q "bad.toml:3:1" "$work/err.txt" || fail "no file:line:col in: $(cat "$work/err.txt")"
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/missing" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "missing root: exit $rc"

# 4. The port is taken: exit 3.
start_mock --http 127.0.0.1:0 --root "$work/www"
"$REPLYCHECK" mock --http "127.0.0.1:$PORT" --root "$work/www" >/dev/null 2>&1; rc=$?
[ "$rc" = 3 ] || fail "port in use: exit $rc"
stop_mock
[ "$RC" = 0 ] || fail "second stop: exit $RC"
# 5. HTTP and FTP from quick flags: one line per listener.
mkdir -p "$work/ftproot"
printf 'over ftp\n' > "$work/ftproot/f.txt"
out="$work/both.txt"
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --ftp 127.0.0.1:0 --ftp-root "$work/ftproot" \
    --user bob:hunter2 --anonymous --pasv-ports 40100-40199 >"$out" 2>"$work/err.txt" &
MOCK_PID=$!
pids+=("$MOCK_PID")
for _ in $(seq 1 50); do
    [ "$(grep -c '^\(http\|ftp\) 127\.0\.0\.1:[0-9]*$' "$out")" = 2 ] && break
    sleep 0.1
done
http_port=$(sed -n 's/^http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out")
ftp_port=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out")
[ -n "$http_port" ] && [ -n "$ftp_port" ] || fail "expected http and ftp lines, got: $(cat "$out" "$work/err.txt")"
body=$(curl -s --max-time 5 "http://127.0.0.1:$http_port/hello.txt")
[ "$body" = "hello world" ] || fail "http with ftp: '$body'"
body=$(curl -s --max-time 10 "ftp://127.0.0.1:$ftp_port/f.txt")
[ "$body" = "over ftp" ] || fail "ftp anonymous: '$body'"
body=$(curl -s --max-time 10 -u bob:hunter2 "ftp://127.0.0.1:$ftp_port/f.txt")
[ "$body" = "over ftp" ] || fail "ftp user: '$body'"
grep -q hunter2 "$out" "$work/err.txt" && fail "password printed"
stop_mock
[ "$RC" = 0 ] || fail "http+ftp stop: exit $RC"
echo "mock_http_cli: ok"
