#!/usr/bin/env bash
# `replycheck mock` serving FTP on 4 threads under concurrent load: 12 python3 ftplib clients
# at once log in, list, download, upload and hit `times`-limited rules on 127.0.0.1. Every
# count must come out exact (a `times` rule answers exactly N times across all sessions), and
# the live journal (JSON Lines) holds each session once. ci/sanitize runs it under TSan.
# Skips (77) without python3 or when this build's `replycheck mock` has no FTP listener.
set -uo pipefail

rc=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
help=$("$rc" mock --help 2>&1) || true
grep -q -- '--ftp' <<<"$help" || { echo "replycheck mock has no --ftp here"; exit 77; }

work=$(mktemp -d /tmp/replycheck-mock-ftp-threads.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$(dirname "$0")/lib/check.sh"

mkdir -p "$work/root"
printf 'Hello from the FTP mock.\n' > "$work/root/hello.txt"
head -c 200000 /dev/zero | tr '\0' 'x' > "$work/root/big.bin"
cat > "$work/mock.toml" <<'TOML'
[mock.ftp]
listen = "127.0.0.1:0"
root = "root"
users = [{ name = "alice", password = "secret" }]
writable = true
threads = 4

[mock.ftp.limits]
max_sessions = 200

[[mock.ftp.script]]
match = { command = "NOOP" }
times = 25
reply = "200 Scripted NOOP."

[[mock.ftp.script]]
match = { command = "RETR", argument = "hello.txt" }
times = 10
data = { action = "send", bytes = "from the rule" }
TOML

"$rc" mock "$work/mock.toml" --journal "$work/journal.jsonl" > "$work/out" 2> "$work/err" &
pid=$!
port=""
for _ in $(seq 1 100); do   # bounded: 10 s
  port=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/out" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "mock did not print its ftp port:"; cat "$work/out" "$work/err"; exit 1; }

cat > "$work/clients.py" <<'PY'
import ftplib, io, sys, threading

port = int(sys.argv[1])
threads, rounds = 12, 8
lock = threading.Lock()
counts = {"ok": 0, "noop": 0, "retr": 0}
errors = []

def session(t, r):
    ftp = ftplib.FTP()
    ftp.connect("127.0.0.1", port, timeout=20)
    try:
        ftp.login("alice", "secret")
        scripted_noop = ftp.voidcmd("NOOP") == "200 Scripted NOOP."
        ftp.set_pasv(True)
        names = ftp.nlst()
        assert "hello.txt" in names and "big.bin" in names, names
        got = io.BytesIO()
        ftp.retrbinary("RETR hello.txt", got.write)
        body = got.getvalue()
        assert body in (b"from the rule", b"Hello from the FTP mock.\n"), body
        big = io.BytesIO()
        ftp.retrbinary("RETR big.bin", big.write)
        assert len(big.getvalue()) == 200000
        name = "up-%d-%d.txt" % (t, r)
        ftp.storbinary("STOR " + name, io.BytesIO(name.encode()))
        assert ftp.size(name) == len(name)
        ftp.quit()
    finally:
        ftp.close()
    with lock:
        counts["ok"] += 1
        counts["noop"] += scripted_noop
        counts["retr"] += body == b"from the rule"

def client(t):
    for r in range(rounds):
        try:
            session(t, r)
        except Exception as error:
            with lock:
                errors.append("client %d round %d: %r" % (t, r, error))

workers = [threading.Thread(target=client, args=(t,)) for t in range(threads)]
for w in workers: w.start()
for w in workers: w.join()
for e in errors[:10]: print(e)
print("sessions=%d noop=%d retr=%d errors=%d" % (counts["ok"], counts["noop"], counts["retr"], len(errors)))
PY
result=$(timeout 300 python3 "$work/clients.py" "$port")
echo "$result"
summary=$(tail -1 <<<"$result")
check "96 concurrent sessions all succeed" test "$summary" != "${summary#sessions=96 }"
check "the NOOP rule answered exactly 25 times" grep -q ' noop=25 ' <<<"$summary"
check "the RETR rule answered exactly 10 times" grep -q ' retr=10 ' <<<"$summary"
check "every upload landed" test "$(ls "$work/root" | grep -c '^up-')" -eq 96

kill -TERM "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
wait "$pid"
status=$?
pid=""
check "SIGTERM stops the mock with exit 0" test "$status" -eq 0
check "no sanitizer report" bash -c "! grep -q 'WARNING: ThreadSanitizer\|ERROR: AddressSanitizer' '$work/err'"
check "the journal holds 96 sessions, each with one QUIT" python3 - "$work/journal.jsonl" <<'PY'
import json, sys
from collections import Counter
entries = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "ftp"]
quits = Counter(e["session"] for e in entries if e["command"] == "QUIT" and e["code"] == 221)
sys.exit(0 if len(quits) == 96 and set(quits.values()) == {1} else 1)
PY

[ $failures -eq 0 ] || { echo "$failures check(s) failed"; cat "$work/err" | head -50; exit 1; }
echo "all checks passed"
