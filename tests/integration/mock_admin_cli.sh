#!/usr/bin/env bash
# The admin API of the real `replycheck mock` binary, driven with curl and Python's ftplib:
# `--admin 127.0.0.1:0` prints `admin HOST:PORT`; the token comes from REPLYCHECK_ADMIN_TOKEN and
# never shows in output; a wrong token gets 401; an address other hosts can reach without a token
# is a usage error (exit 2); an FTP rule added over the API answers ftplib's RETR, and the journal
# query shows the session's commands with PASS masked.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
: "${REPLYCHECK_SOURCE_DIR:?}"
command -v curl >/dev/null || exit 77
command -v python3 >/dev/null || exit 77
. "$REPLYCHECK_SOURCE_DIR/tests/integration/lib/mock.sh"

work=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www" "$work/ftp"
printf 'hello\n' > "$work/www/hello.txt"
printf 'ftp file\n' > "$work/ftp/file.txt"
token='Adm1n-T0ken-Value'
ftp_pw='Ftp-Secret-4'

# Without a token, an address beyond loopback is refused before anything starts.
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --admin 0.0.0.0:0 >"$work/o" 2>"$work/e"
[ $? -eq 2 ] || fail "non-loopback admin without a token: exit $? (want 2)"
grep -q "token" "$work/e" || fail "no clear message: $(cat "$work/e")"
env -u REPLYCHECK_ADMIN_TOKEN "$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --admin-token x >"$work/o" 2>"$work/e"
[ $? -eq 2 ] || fail "--admin-token without --admin: want exit 2"

REPLYCHECK_ADMIN_TOKEN="$token" FTP_PW="$ftp_pw" "$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" \
    --ftp 127.0.0.1:0 --ftp-root "$work/ftp" --user "bob:env:FTP_PW" --admin 127.0.0.1:0 >"$work/out" 2>"$work/err" &
pid=$!
mock_wait "$work/out" "$pid" http ftp admin || fail "mock did not start: $(cat "$work/out" "$work/err")"
admin=$(mock_listener "$work/out" admin)
http=$(mock_listener "$work/out" http)
ftp_port=$(mock_listener "$work/out" ftp); ftp_port=${ftp_port##*:}
[ "$(awk '{print $1}' "$work/out" | tr '\n' ' ')" = "http ftp admin " ] || fail "line order: $(cat "$work/out")"

api() { curl -sS --max-time 10 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

# Token: none and a wrong one get 401 with the Bearer challenge; the right one 200.
code=$(curl -s -o "$work/body" -D "$work/head" -w '%{http_code}' "http://$admin/health")
[ "$code" = 401 ] || fail "no token: $code"
grep -qi '^WWW-Authenticate: Bearer realm="replycheck-mock"' "$work/head" || fail "no challenge: $(cat "$work/head")"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer Adm1n-T0ken-Valuf' "http://$admin/health")
[ "$code" = 401 ] || fail "wrong token: $code"
health=$(api "http://$admin/health")
[ "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["status"], d["http"])' "$health")" = "ok $http" ] \
    || fail "health: $health"

# An HTTP rule answers curl; its id comes back with a Location.
api -D "$work/head" -o "$work/body" -X POST "http://$admin/rules/http" \
    -d '{"match":{"path":"/teapot"},"reply":{"status":418,"body":"short and stout"}}'
grep -q '^HTTP/1.1 201' "$work/head" || fail "POST rule: $(cat "$work/head" "$work/body")"
location=$(tr -d '\r' < "$work/head" | sed -n 's/^Location: //Ip')
[ "$(curl -s -w ' %{http_code}' "http://$http/teapot")" = "short and stout 418" ] || fail "rule did not answer"
[ "$(api -o /dev/null -w '%{http_code}' -X DELETE "http://$admin$location")" = 204 ] || fail "DELETE $location"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$http/teapot")" = 404 ] || fail "rule still answers"

# A bad field names its JSON path.
bad=$(api -X POST "http://$admin/rules/http" -d '{"replies":[{"status":700}]}')
[ "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["path"])' "$bad")" = "replies[0].status" ] || fail "bad field: $bad"

# An FTP rule: RETR of an existing file answers 550 to ftplib, then the journal shows the session.
api -o /dev/null -X POST "http://$admin/rules/ftp" \
    -d '{"match":{"command":"RETR","argument":"file.txt"},"reply":"550 Withheld by the admin API."}'
python3 - "$ftp_port" "$ftp_pw" <<'PY' || fail "ftplib"
import ftplib, sys
ftp = ftplib.FTP()
ftp.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
ftp.login("bob", sys.argv[2])
try:
    ftp.retrbinary("RETR file.txt", lambda b: None)
    sys.exit("RETR succeeded")
except ftplib.error_perm as e:
    assert str(e).startswith("550 Withheld"), e
ftp.quit()
PY
journal=$(api "http://$admin/journal/ftp")
python3 - "$journal" "$ftp_pw" <<'PY' || fail "FTP journal: $journal"
import json, sys
doc = json.loads(sys.argv[1])
commands = [(e["command"], e["argument"], e["code"]) for e in doc["entries"]]
assert [c[0] for c in commands[:2]] == ["USER", "PASS"], commands
assert commands[1][1] == "****", commands
assert ("RETR", "file.txt", 550) in commands, commands
assert doc["last_seq"] == doc["entries"][-1]["seq"], doc
assert sys.argv[2] not in sys.argv[1]
PY
retr=$(api "http://$admin/journal/ftp?command=retr")
[ "$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["entries"]))' "$retr")" = 1 ] || fail "filter: $retr"

# POST /reset: the file's rules only, the journal empty; RETR works again.
api -o /dev/null -X POST "http://$admin/reset"
python3 - "$ftp_port" "$ftp_pw" <<'PY' || fail "RETR after reset"
import ftplib, sys
ftp = ftplib.FTP()
ftp.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
ftp.login("bob", sys.argv[2])
data = []
ftp.retrbinary("RETR file.txt", data.append)
assert b"".join(data) == b"ftp file\n", data
ftp.quit()
PY

mock_stop "$pid" || fail "mock did not stop"
pid=""
[ "$RC" = 0 ] || fail "exit $RC"
grep -q -e "$token" -e "$ftp_pw" "$work/out" "$work/err" && fail "a secret was printed"
echo ok
