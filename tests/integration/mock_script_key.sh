#!/usr/bin/env bash
# `replycheck mock CONFIG`: scripted replies under the new [[mock.http.script]] key; the old
# [[mock.http.rule]] key still works and prints one note naming the new key (once, however many
# tables use it); a bare number as a duration and a misspelt key are located errors (exit 2)
# with a hint, as in scenario files.
set -uo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

work="$REPLYCHECK_BINARY_DIR/mock-script-key"
rm -rf "$work"
mkdir -p "$work/www"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
mock_pid=""
trap '[ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; wait 2>/dev/null' EXIT

# serve NAME: starts `replycheck mock NAME.toml`, GETs /teapot, prints the status, stops the mock.
serve() {
  "$REPLYCHECK" mock "$work/$1.toml" >"$work/$1.out" 2>"$work/$1.err" &
  mock_pid=$!
  local address=""
  for _ in $(seq 1 50); do
    address=$(awk '/^http /{print $2}' "$work/$1.out")
    [ -n "$address" ] && break
    sleep 0.1
  done
  [ -n "$address" ] || { cat "$work/$1.err" >&2; echo "no listener"; return; }
  python3 - "$address" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(f"http://{sys.argv[1]}/teapot", timeout=5).status)
except urllib.error.HTTPError as e:
    print(e.code)
PY
  kill "$mock_pid"
  wait "$mock_pid" 2>/dev/null
  mock_pid=""
}

cat >"$work/new.toml" <<'TOML'
[mock.http]
root = "www"
[[mock.http.script]]
match = { path = "/teapot" }
reply = { status = 418 }
TOML
[ "$(serve new)" = 418 ] || fail "[[mock.http.script]] did not answer"
if grep -q "old name" "$work/new.err"; then fail "a note for the new key"; fi

cat >"$work/old.toml" <<'TOML'
[mock.http]
root = "www"
[[mock.http.rule]]
match = { path = "/teapot" }
reply = { status = 418 }
[[mock.http.rule]]
match = { path = "/other" }
reply = { status = 404 }
TOML
[ "$(serve old)" = 418 ] || fail "the old [[mock.http.rule]] key no longer works"
[ "$(grep -c "'rule' is the old name of \[\[mock.http.script\]\]" "$work/old.err")" -eq 1 ] ||
  { cat "$work/old.err" >&2; fail "expected one note about the old key"; }
grep -q "old.toml:3:" "$work/old.err" || fail "the note is not located"

# expect_error NAME MESSAGE: the config NAME.toml is refused with exit 2 and MESSAGE.
expect_error() {
  timeout 10 "$REPLYCHECK" mock "$work/$1.toml" >/dev/null 2>"$work/$1.err"
  local code=$?
  [ "$code" -eq 2 ] || fail "$1: exit $code, expected 2"
  grep -qF "$2" "$work/$1.err" || { cat "$work/$1.err" >&2; fail "$1: message '$2' missing"; }
}
printf '[mock.http]\nroot = "www"\n[[mock.http.script]]\nmatch = { path = "/" }\ndelay = 500\n' >"$work/bare.toml"
expect_error bare "bare.toml:5:9: a duration needs a unit: write 'delay = \"500ms\"' or 'delay = \"500s\"'"
printf '[mock.http]\nroot = "www"\n[[mock.http.script]]\nmatc = { path = "/" }\n' >"$work/typo.toml"
expect_error typo "typo.toml:4:1: unknown key 'matc' in [[mock.http.script]] (did you mean 'match'?)"
printf '[mock.ftp]\nroot = "www"\n[mock.ftp.limits]\nidle_timeout = 30\n' >"$work/ftp.toml"
expect_error ftp "ftp.toml:4:16: a duration needs a unit"

[ "$failures" -eq 0 ] || exit 1
echo "ok"
