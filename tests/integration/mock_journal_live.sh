#!/usr/bin/env bash
# The live journal of `replycheck mock --journal FILE`: JSON Lines written as entries arrive,
# read here while the mock runs (curl requests, a Python ftplib session, an FTP entry completed
# by its session's end and one by the mock's stop); rotation at a small cap; credentials never
# in the file or on the console unless --journal-raw (then the file is 0600); --verbose prints
# one line per request and command; a journal folder removed while serving is reported once and
# the mock goes on.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77
command -v python3 >/dev/null || exit 77
source "${REPLYCHECK_SOURCE_DIR:?}/tests/integration/lib/mock.sh"

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/err" ] && head -20 "$work/err" >&2; exit 1; }

mkdir -p "$work/www/private" "$work/ftp"
printf 'hello\n' > "$work/www/a.txt"
printf 'secret\n' > "$work/www/private/s.txt"
head -c 100000 /dev/zero > "$work/ftp/big.bin"
alice_pw='Alice-Live-4711'
bob_pw='Bob-Live-0815'
alice_b64=$(printf 'alice:%s' "$alice_pw" | base64)

cat > "$work/mock.toml" <<TOML
[mock.http]
listen = "127.0.0.1:0"
root = "www"
[[mock.http.auth]]
prefix = "/private"
user = "alice"
password = "${alice_pw}"

[mock.ftp]
listen = "127.0.0.1:0"
root = "ftp"
users = [{ name = "bob", password = "${bob_pw}" }]
[[mock.ftp.script]]
match = { command = "NOOP" }
close = true                 # no reply: the entry is complete when the session ends
[[mock.ftp.script]]
match = { command = "STAT" }
delay = "60s"                # still waiting when the mock stops
TOML

# start_mock ARGS...: sets PID, HTTP, FTP; stdout in $work/out, stderr in $work/err.
start_mock() {
    "$REPLYCHECK" mock "$@" > "$work/out" 2> "$work/err" &
    PID=$!
    pids+=("$PID")
    mock_wait "$work/out" "$PID" "${KINDS[@]}" || fail "the mock did not start: $(cat "$work/out" "$work/err")"
    HTTP=$(mock_listener "$work/out" http)
    FTP=$(mock_listener "$work/out" ftp)
}

# ftp_session FTP USER PASS: a Python ftplib session (login, RETR, a 550, QUIT), then a session
# closed by the NOOP script, then one left waiting on STAT.
ftp_session() {
    python3 - "$@" <<'PY'
import ftplib, socket, sys
host, port = sys.argv[1].rsplit(":", 1)
ftp = ftplib.FTP()
ftp.connect(host, int(port), timeout=10)
ftp.login(sys.argv[2], sys.argv[3])
got = bytearray()
ftp.retrbinary("RETR big.bin", got.extend)
assert len(got) == 100000, len(got)
try:
    ftp.retrbinary("RETR nosuch.bin", got.extend)
    sys.exit("RETR nosuch.bin succeeded")
except ftplib.error_perm as e:
    assert str(e).startswith("550"), e
ftp.quit()
closed = ftplib.FTP()
closed.connect(host, int(port), timeout=10)
closed.sendcmd("USER anyone")
try:
    closed.sendcmd("NOOP")
    sys.exit("NOOP got a reply")
except (EOFError, ftplib.Error, OSError):
    pass
waiting = socket.create_connection((host, int(port)), timeout=10)
waiting.recv(200)                        # the greeting
waiting.sendall(b"SIZE caf\xe9.bin\r\n")   # Latin-1, not UTF-8: the journal line stays JSON
assert waiting.recv(200).startswith(b"530"), "SIZE before login"
waiting.sendall(b"STAT\r\n")
PY
}

# --- 1. Read while the mock runs ----------------------------------------------------------------
KINDS=(http ftp)
start_mock "$work/mock.toml" --journal "$work/live.jsonl" --verbose
[ "$(stat -c %a "$work/live.jsonl")" = 644 ] || fail "journal mode $(stat -c %a "$work/live.jsonl"), expected 644"
curl -s -o /dev/null "http://$HTTP/a.txt"
curl -s -o /dev/null "http://$HTTP/missing"
curl -s -o /dev/null "http://$HTTP/private/s.txt"
curl -s -o /dev/null -u "alice:$alice_pw" "http://$HTTP/private/s.txt"
ftp_session "$FTP" bob "$bob_pw" || fail "the ftplib session"
kill -0 "$PID" || fail "the mock is not running"
python3 - "$work/live.jsonl" <<'PY' || fail "the live journal while the mock runs"
import json, sys, time
# A reader tailing the file: the lines are there at once; wait at most 10 s for stragglers
# (a loaded machine).
deadline = time.monotonic() + 10
while True:
    entries = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    http = [e for e in entries if e["mock"] == "http"]
    ftp = [e for e in entries if e["mock"] == "ftp"]
    if (len(http) >= 4 and any(e["command"] == "NOOP" for e in ftp)) or time.monotonic() > deadline:
        break
    time.sleep(0.05)
got = [(e["seq"], e["method"], e["target"], e["status"]) for e in http]
assert got == [(1, "GET", "/a.txt", 200), (2, "GET", "/missing", 404), (3, "GET", "/private/s.txt", 401),
               (4, "GET", "/private/s.txt", 200)], got
assert dict(http[3]["headers"])["Authorization"] == "Basic ***", http[3]["headers"]
codes = [(e["command"], e["argument"], e["code"]) for e in ftp]
for expected in [("USER", "bob", 331), ("PASS", "****", 230), ("RETR", "big.bin", 226),
                 ("RETR", "nosuch.bin", 550), ("QUIT", "", 221), ("USER", "anyone", 331), ("NOOP", "", 0),
                 ("SIZE", "caf\u00e9.bin", 530)]:
    assert expected in codes, (expected, codes)
assert not any(e["command"] == "STAT" for e in ftp), "STAT written before it was complete"
assert sorted(e["seq"] for e in ftp) == list(range(1, len(ftp) + 1)), ftp
PY
mock_stop "$PID" || fail "the mock did not stop on SIGTERM"
[ "$RC" = 0 ] || fail "exit $RC after SIGTERM"
python3 - "$work/live.jsonl" <<'PY' || fail "the STAT entry pending at stop"
import json, sys
ftp = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "ftp"]
stat = [e for e in ftp if e["command"] == "STAT"]
assert len(stat) == 1 and stat[0]["code"] == 0, stat
PY
for secret in "$alice_pw" "$alice_b64" "$bob_pw"; do
    grep -qF -- "$secret" "$work/live.jsonl" "$work/err" "$work/out" && fail "'$secret' in the journal or on the console"
done
# --verbose: one line per request and per command, as the journal numbers them.
grep -qxF 'http #1 127.0.0.1 "GET /a.txt HTTP/1.1" 200' "$work/err" || fail "no verbose line for GET /a.txt: $(cat "$work/err")"
grep -qF '"GET /private/s.txt HTTP/1.1" 401' "$work/err" || fail "no verbose line for the 401"
grep -qE '^ftp #[0-9]+ session 1 RETR big\.bin -> 226$' "$work/err" || fail "no verbose line for RETR"
grep -qE '^ftp #[0-9]+ session 1 PASS \*\*\*\* -> 230$' "$work/err" || fail "no masked verbose line for PASS"
verbose_http=$(grep -c '^http #' "$work/err"); verbose_ftp=$(grep -c '^ftp #' "$work/err")
lines_http=$(grep -c '"mock":"http"' "$work/live.jsonl"); lines_ftp=$(grep -c '"mock":"ftp"' "$work/live.jsonl")
[ "$verbose_http" = 4 ] && [ "$verbose_http" = "$lines_http" ] || fail "verbose http lines $verbose_http, journal $lines_http"
[ "$verbose_ftp" = "$lines_ftp" ] || fail "verbose ftp lines $verbose_ftp, journal $lines_ftp"
[ "$(grep -cv '^\(http\|ftp\) #' "$work/err")" = 0 ] || fail "other lines on stderr: $(cat "$work/err")"

# --- 2. --journal-raw: the credentials as received, in a 0600 file -----------------------------
start_mock "$work/mock.toml" --journal "$work/raw.jsonl" --journal-raw
[ "$(stat -c %a "$work/raw.jsonl")" = 600 ] || fail "raw journal mode $(stat -c %a "$work/raw.jsonl"), expected 600"
curl -s -o /dev/null -u "alice:$alice_pw" "http://$HTTP/private/s.txt"
ftp_session "$FTP" bob "$bob_pw" || fail "the ftplib session (raw)"
mock_stop "$PID" || fail "the mock did not stop on SIGTERM (raw)"
for secret in "$alice_b64" "$bob_pw"; do
    grep -qF -- "$secret" "$work/raw.jsonl" || fail "--journal-raw: '$secret' missing"
    grep -qF -- "$secret" "$work/err" "$work/out" && fail "--journal-raw: '$secret' on the console"
done

# --- 3. Rotation at 2K, two kept ----------------------------------------------------------------
KINDS=(http)
start_mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/rot.jsonl" --journal-max-size 2K --journal-keep 2
for i in $(seq 1 40); do curl -s -o /dev/null "http://$HTTP/a.txt?n=$i"; done
python3 - "$work/rot.jsonl" <<'PY' || fail "rotation"
import json, os, sys
base = sys.argv[1]
assert os.path.exists(base + ".1") and os.path.exists(base + ".2"), os.listdir(os.path.dirname(base))
assert not os.path.exists(base + ".3"), "FILE.3 kept with --journal-keep 2"
seqs = []
for path in (base + ".2", base + ".1", base):   # oldest first
    data = open(path, "rb").read()
    assert len(data) <= 2048, (path, len(data))
    assert data.endswith(b"\n"), (path, "a line split across files")
    seqs += [json.loads(line)["seq"] for line in data.decode().splitlines()]
# The newest entries, in order, none missing between the files kept.
assert seqs == list(range(seqs[0], 41)), seqs
PY
mock_stop "$PID" || fail "the mock did not stop on SIGTERM (rotation)"
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/x.jsonl" --journal-max-size lots \
    >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || fail "--journal-max-size lots: exit $rc"

# --- 4. The journal's folder removed while serving: told once, the mock goes on ------------------
mkdir "$work/gone"
start_mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/gone/j.jsonl"
rm -rf "$work/gone"
for i in $(seq 1 12); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://$HTTP/a.txt")
    [ "$code" = 200 ] || fail "request $i after the folder went: $code"
done
mock_stop "$PID" || fail "the mock did not stop on SIGTERM (removed folder)"
[ "$RC" = 0 ] || fail "exit $RC with the journal folder removed"
[ "$(grep -c 'journal .*j.jsonl: cannot open' "$work/err")" = 1 ] || fail "the failure is not told once: $(cat "$work/err")"

echo "mock_journal_live: ok"
