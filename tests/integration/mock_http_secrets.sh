#!/usr/bin/env bash
# Credentials and the real `replycheck mock` binary: passwords given as file:PATH or env:VAR
# work and never show in the process's argument list; the journal file masks Authorization,
# Proxy-Authorization, URL userinfo and FTP PASS unless --journal-raw asks for them; a missing
# password file or variable is a usage error (exit 2) that names it.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77
command -v python3 >/dev/null || exit 77

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www/private" "$work/ftproot"
printf 'hello\n' > "$work/www/hello.txt"
printf 'secret\n' > "$work/www/private/s.txt"
printf 'over ftp\n' > "$work/ftproot/f.txt"
alice_pw='Wonder-Land-7'
bob_pw='Hunter-Two-9'
carol_pw='Carol-Three-5'
printf '%s\nsecond line is ignored\n' "$alice_pw" > "$work/alice.pw"
chmod 600 "$work/alice.pw"
alice_b64=$(printf 'alice:%s' "$alice_pw" | base64)
proxy_b64=$(printf 'proxy:%s' "$carol_pw" | base64)

# Starts the mock with both listeners; sets HTTP_PORT, FTP_PORT and MOCK_PID.
start_mock() {
    local out="$work/out.$RANDOM"
    BOB_PW="$bob_pw" "$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --ftp 127.0.0.1:0 \
        --ftp-root "$work/ftproot" --auth "/private=alice:file:$work/alice.pw" --user bob:env:BOB_PW \
        "$@" >"$out" 2>"$work/err.txt" &
    MOCK_PID=$!
    pids+=("$MOCK_PID")
    for _ in $(seq 1 50); do
        [ "$(grep -c '^\(http\|ftp\) 127\.0\.0\.1:[0-9]*$' "$out")" = 2 ] && break
        kill -0 "$MOCK_PID" 2>/dev/null || break
        sleep 0.1
    done
    HTTP_PORT=$(sed -n 's/^http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out")
    FTP_PORT=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out")
    [ -n "$HTTP_PORT" ] && [ -n "$FTP_PORT" ] || fail "no listener lines: $(cat "$out" "$work/err.txt")"
    grep -q -e "$alice_pw" -e "$bob_pw" "$out" "$work/err.txt" && fail "password printed"
}

stop_mock() {
    kill -TERM "$MOCK_PID"
    for _ in $(seq 1 50); do
        kill -0 "$MOCK_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$MOCK_PID" 2>/dev/null && { kill -KILL "$MOCK_PID"; fail "mock did not stop on SIGTERM"; }
    wait "$MOCK_PID" || fail "exit code $? after SIGTERM"
}

# The same traffic each time: Basic credentials, a Proxy-Authorization field, userinfo in an
# absolute-form target, and an FTP login.
send_traffic() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -u "alice:$alice_pw" \
        "http://127.0.0.1:$HTTP_PORT/private/s.txt")
    [ "$code" = 200 ] || fail "password from file: expected 200, got $code"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -u "alice:wrong" \
        "http://127.0.0.1:$HTTP_PORT/private/s.txt")
    [ "$code" = 401 ] || fail "wrong password: expected 401, got $code"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Proxy-Authorization: Basic $proxy_b64" \
        --request-target "http://carol:$carol_pw@127.0.0.1/hello.txt" "http://127.0.0.1:$HTTP_PORT/")
    [ "$code" = 200 ] || fail "absolute-form target: expected 200, got $code"
    local body
    body=$(curl -s --max-time 10 -u "bob:$bob_pw" "ftp://127.0.0.1:$FTP_PORT/f.txt")
    [ "$body" = "over ftp" ] || fail "password from the environment: FTP download gave '$body'"
}

# 1. Passwords from a file and from the environment; none of them in the argument list.
start_mock --journal "$work/masked.jsonl"
tr '\0' ' ' < "/proc/$MOCK_PID/cmdline" > "$work/cmdline"
grep -q "alice.pw" "$work/cmdline" || fail "cmdline not read: $(cat "$work/cmdline")"
grep -q -e "$alice_pw" -e "$bob_pw" "$work/cmdline" && fail "a password is in the argument list"
send_traffic
stop_mock
[ -s "$work/masked.jsonl" ] || fail "no journal written"
for secret in "$alice_pw" "$alice_b64" "$bob_pw" "$carol_pw" "$proxy_b64"; do
    grep -qF -- "$secret" "$work/masked.jsonl" && fail "the journal holds '$secret'"
done
python3 - "$work/masked.jsonl" <<'PY' || fail "masked journal content"
import json, sys
entries = list(map(json.loads, open(sys.argv[1])))
http = [e for e in entries if e["mock"] == "http"]
assert [e["status"] for e in http] == [200, 401, 200], http
assert dict(http[0]["headers"])["Authorization"] == "Basic ***", http[0]["headers"]
assert http[2]["target"] == "http://carol:***@127.0.0.1/hello.txt", http[2]["target"]
passes = [e for e in entries if e["mock"] == "ftp" and e["command"] == "PASS"]
assert passes and all(e["argument"] == "****" for e in passes), passes
PY

# 2. --journal-raw: the credentials as received.
start_mock --journal "$work/raw.jsonl" --journal-raw
send_traffic
stop_mock
for secret in "$alice_b64" "$bob_pw" "$carol_pw" "$proxy_b64"; do
    grep -qF -- "$secret" "$work/raw.jsonl" || fail "--journal-raw: '$secret' missing"
done

# 3. Usage errors name what is missing and never a password.
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --auth "/private=alice:file:$work/missing.pw" \
    >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 2 ] || fail "missing password file: exit $rc"
grep -qF "$work/missing.pw" "$work/err.txt" || fail "the path is not named: $(cat "$work/err.txt")"
env -u NO_SUCH_PW "$REPLYCHECK" mock --ftp 127.0.0.1:0 --ftp-root "$work/ftproot" --user bob:env:NO_SUCH_PW \
    >/dev/null 2>"$work/err.txt"; rc=$?
[ "$rc" = 2 ] || fail "unset variable: exit $rc"
grep -q "NO_SUCH_PW" "$work/err.txt" || fail "the variable is not named: $(cat "$work/err.txt")"
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --journal-raw >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "--journal-raw without --journal: exit $rc"
echo "mock_http_secrets: ok"
