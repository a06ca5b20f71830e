#!/usr/bin/env bash
# `replycheck explain` tells how to meet a code: typical causes and "provoke with" for FTP
# replies and IIS substatus codes, and an "on the mock" recipe. The recipes are followed as
# printed: a mock built from them answers the code, checked by `replycheck run` (which fails
# when the code does not come, shown with a code the mock was not told to give).
set -uo pipefail
rc=${REPLYCHECK:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

# explain ARGS... : stdout in out.txt, exit 0 required.
explain() { "$rc" explain "$@" >out.txt 2>err.txt || { cat err.txt >&2; fail "explain $* exited $?"; }; }
has() { grep -qE -- "$1" out.txt || { cat out.txt >&2; fail "$2"; }; }

explain ftp 550
has '^  typical causes:  - the file or directory does not exist' "ftp 550: no typical causes"
has '^  provoke with:    RETR /no-such-file' "ftp 550: no provoke with"
has 'on the mock: +a \[\[mock.ftp.script\]\] with match = \{ command = "RETR" \}' "ftp 550: no mock recipe"
explain ftp 421
has 'command = "CONNECT"' "ftp 421: the mock recipe does not name the greeting"
explain ftp 227
if grep -q 'typical causes' out.txt; then fail "ftp 227 (a positive reply) lists causes"; fi
explain 500.19
has '^  provoke with:    on IIS: malformed XML in a web.config' "500.19: no IIS recipe"
has 'reply = \{ status = "500.19" \} on a mock with flavour' "500.19: no mock recipe"
explain 401.4
has '^  provoke with:    on IIS: bring about one of the typical causes above' "401.4: no general recipe"
explain --json ftp 550
python3 -c 'import json,sys; e=json.load(open("out.txt"))[0]; assert e["causes"] and e["provoke"] and e["mock"], e' \
  || fail "explain --json ftp 550 lacks causes, provoke or mock"
"$rc" explain --help >out.txt
has '^Usage: replycheck explain \[OPTIONS\] \[\[http\|ftp\|win32\] CODE\]$' "explain --help usage line"
if grep -q '(0x)' out.txt; then fail "explain --help still shows (0x)"; fi

# The recipes, followed: the FTP mock answers RETR with 550, the IIS-flavoured mock 500.19.
mkdir -p ftproot www
echo hello > ftproot/file.txt
echo page > www/index.html
mock_line=$("$rc" explain ftp 550 | sed -n 's/.*with match = \({ command = "RETR" }\) and reply = .*/\1/p')
[ -n "$mock_line" ] || fail "could not read the FTP mock recipe"
write_suite() {  # write_suite FTP-CODE HTTP-STATUS: the scenarios expect these
  cat > provoke.toml <<TOML
[mock.ftp]
root = "ftproot"
anonymous = true
[[mock.ftp.script]]
match = $mock_line
reply = "550 Requested action not taken. File unavailable."
[mock.http]
root = "www"
flavour = "iis"
[[mock.http.script]]
match = { path = "/broken/" }
reply = { status = "500.19" }
[[scenario]]
name = "550 as explain says"
  [[scenario.step]]
  ftp = { login = { user = "anonymous", password = "guest@" } }
  expect = { code = 230 }
  [[scenario.step]]
  ftp = { transfer = "RETR file.txt" }
  expect = { code = $1 }
[[scenario]]
name = "500.19 as explain says"
  [[scenario.step]]
  request = "GET \${http}/broken/"
  expect = { status = "$2", body = { contains = "HTTP Error 500.19" } }
TOML
}
write_suite 550 500.19
timeout 60 "$rc" run provoke.toml >run.txt 2>&1 || { cat run.txt >&2; fail "the mock built from the recipes did not answer 550 and 500.19"; }
write_suite 226 500.19
timeout 60 "$rc" run provoke.toml >run.txt 2>&1 && { cat run.txt >&2; fail "the run cannot fail: 226 expected, 550 scripted, yet it passed"; }
grep -q '2 scenarios in 1 suite' run.txt || { cat run.txt >&2; fail "the failing run did not run both scenarios"; }
echo "OK: explain gives causes and recipes; the recipes make the mock answer 550 and 500.19"
