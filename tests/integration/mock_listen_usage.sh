#!/usr/bin/env bash
# `replycheck mock` with a listen address it cannot use as written is a usage error (exit 2, a
# message naming the flag and the value); a well-formed address whose port is taken is a
# runtime error (exit 3). Both are told before anything is served.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
: "${REPLYCHECK_SOURCE_DIR:?}"
source "$REPLYCHECK_SOURCE_DIR/tests/integration/lib/mock.sh"

work=$(mktemp -d)
mock_pid=""
cleanup() {
    [ -n "$mock_pid" ] && kill -TERM "$mock_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$work/www"

# expect_exit CODE PATTERN ARGS...: the mock exits with CODE within 10 s, stderr matches PATTERN.
expect_exit() {
    local want=$1 pattern=$2
    shift 2
    timeout 10 "$REPLYCHECK" mock "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || { cat "$work/err" >&2; fail "mock $* exited $rc, expected $want"; }
    grep -Eq "$pattern" "$work/err" || { cat "$work/err" >&2; fail "mock $*: no message matching '$pattern'"; }
    [ -s "$work/out" ] && fail "mock $* printed a listener line although it should not start"
    return 0
}

expect_exit 2 "^replycheck mock: --http: invalid port '99999'" --http 127.0.0.1:99999 --root "$work/www"
expect_exit 2 "^replycheck mock: --http: no port in 'nonsense'" --http nonsense --root "$work/www"
expect_exit 2 "^replycheck mock: --ftp: invalid port '70000'" --ftp 127.0.0.1:70000 --root "$work/www"
expect_exit 2 "the host must be an IP address or localhost" --http 999.1.1.1:0 --root "$work/www"
expect_exit 2 "the host must be an IP address or localhost" --ftp no-such-host.invalid:0 --root "$work/www"
printf '[mock.http]\nlisten = "127.0.0.1:99999"\nroot = "www"\n' > "$work/mock.toml"
expect_exit 2 "mock.toml:2:10: 'listen': invalid port '99999'" "$work/mock.toml"

# The contrast: a good address starts; the same port a second time is a runtime error (3).
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" >"$work/first" 2>&1 &
mock_pid=$!
mock_wait "$work/first" "$mock_pid" http || fail "the mock did not start on 127.0.0.1:0"
taken=$(mock_listener "$work/first" http)
expect_exit 3 "replycheck mock: " --http "$taken" --root "$work/www"
mock_stop "$mock_pid" || fail "the mock did not stop on SIGTERM"
mock_pid=""
[ "$RC" -eq 0 ] || fail "the mock exited $RC after SIGTERM"
echo "OK: bad listen addresses exit 2 with a message, a taken port exits 3"
