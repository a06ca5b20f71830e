#!/usr/bin/env bash
# `replycheck mock` flags given wrong, and the admin API against a browser, with the real binary:
# an empty --admin, --ftp, --https, --journal, --cert-out or --http is a usage error (exit 2)
# naming the flag, not the flag left out; --journal-max-size takes a number of bytes with an
# optional K, M or G and nothing else; [mock.admin] listen = "0.0.0.0:0" without a token is told
# at its file:line:col; without a token, a cross-site or DNS-rebound request gets 403 and
# text/plain content 415, while curl's own requests are served.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
: "${REPLYCHECK_SOURCE_DIR:?}"
command -v curl >/dev/null || exit 77
. "$REPLYCHECK_SOURCE_DIR/tests/integration/lib/mock.sh"

work=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$work/www"
printf 'hello\n' > "$work/www/hello.txt"

# usage WANT_TEXT ARGS...: exits 2 at once (no listener line) and says WANT_TEXT on stderr.
usage() {
    local want=$1
    shift
    timeout 10 "$REPLYCHECK" mock "$@" >"$work/o" 2>"$work/e"
    local rc=$?
    [ $rc -eq 2 ] || fail "mock $*: exit $rc (want 2); stderr: $(cat "$work/e")"
    [ -s "$work/o" ] && fail "mock $*: printed $(cat "$work/o")"
    grep -qF -- "$want" "$work/e" || fail "mock $*: stderr lacks '$want': $(cat "$work/e")"
}

base=(--http 127.0.0.1:0 --root "$work/www")
for flag in --admin --ftp --https --journal --cert-out; do
    usage "$flag: an empty value" "${base[@]}" "$flag" ''
done
usage "--http: an empty value" --http '' --root "$work/www"

for size in -1 1TB 1E 0x10 12.5M 64MiB '' 17179869184G; do
    usage "is not a size: give a number of bytes, or one with a K, M or G suffix" \
        "${base[@]}" --journal "$work/j" --journal-max-size "$size"
done
grep -q 'kib\|eb,' "$work/e" && fail "CLI11's unit list is shown: $(cat "$work/e")"

# Accepted sizes: 2K rotates after 2048 bytes (the rotated file holds at most 2048).
"$REPLYCHECK" mock "${base[@]}" --journal "$work/j" --journal-max-size 2K --journal-keep 1 >"$work/out" 2>"$work/err" &
pid=$!
mock_wait "$work/out" "$pid" http || fail "mock did not start: $(cat "$work/err")"
http=$(mock_listener "$work/out" http)
for i in $(seq 1 20); do curl -s -o /dev/null --max-time 5 "http://$http/hello.txt?n=$i"; done
mock_stop "$pid" || fail "mock did not stop"
pid=""
[ -s "$work/j.1" ] || fail "no rotation with --journal-max-size 2K"
[ "$(wc -c < "$work/j.1")" -le 2048 ] || fail "j.1 holds $(wc -c < "$work/j.1") bytes (over 2K)"

# A config file's admin address beyond loopback without a token: file:line:col of `listen`.
printf '[mock.http]\nroot = "www"\n\n[mock.admin]\nlisten = "0.0.0.0:0"\n' > "$work/set.toml"
usage "$work/set.toml:5:10: admin address 0.0.0.0:0 is reachable from other hosts" "$work/set.toml"
# The same address from --admin has no place in the file to point at.
env -u REPLYCHECK_ADMIN_TOKEN "$REPLYCHECK" mock "${base[@]}" --admin 0.0.0.0:0 >"$work/o" 2>"$work/e"
[ $? -eq 2 ] && grep -q '^replycheck mock: admin address 0.0.0.0:0' "$work/e" || fail "--admin 0.0.0.0:0: $(cat "$work/e")"

# Without a token: what a web page can send is refused, curl's own requests are served.
env -u REPLYCHECK_ADMIN_TOKEN "$REPLYCHECK" mock "${base[@]}" --admin 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
mock_wait "$work/out" "$pid" http admin || fail "mock did not start: $(cat "$work/err")"
admin=$(mock_listener "$work/out" admin)
http=$(mock_listener "$work/out" http)
rule='{"match":{"path":"/evil"},"reply":{"status":200,"body":"pwned"}}'
code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 10 -X POST -H 'Host: evil.example' \
    -H 'Origin: http://evil.example' -H 'Content-Type: text/plain' --data "$rule" "http://$admin/rules/http")
[ "$code" = 403 ] || fail "rebound cross-site POST: $code $(cat "$work/body")"
grep -q '"error":"the Host field' "$work/body" || fail "403 without a reason: $(cat "$work/body")"
code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 10 -H 'Origin: https://evil.example' \
    -H 'Content-Type: application/json' --data "$rule" "http://$admin/rules/http")
[ "$code" = 403 ] || fail "cross-site POST: $code"
code=$(curl -s -o "$work/body" -w '%{http_code}' --max-time 10 -H 'Content-Type: text/plain' --data "$rule" \
    "http://$admin/rules/http")
[ "$code" = 415 ] || fail "text/plain POST: $code"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Host: evil.example' "http://$admin/journal/http")
[ "$code" = 403 ] || fail "rebound journal read: $code"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$http/evil")" = 404 ] || fail "a refused rule answers"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' --data "$rule" \
    "http://$admin/rules/http")
[ "$code" = 201 ] || fail "curl's JSON POST: $code"
[ "$(curl -s "http://$http/evil")" = pwned ] || fail "the rule curl added does not answer"
mock_stop "$pid" || fail "mock did not stop"
pid=""
echo ok
