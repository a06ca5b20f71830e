#!/usr/bin/env bash
# `replycheck record` in front of FTP servers that fail: refused, a garbage greeting, a reply
# that stops halfway (hangs), a greeting that drips forever. Each time the client gets a 421
# (RFC 959 §4.2) within the timeout, the recorder keeps running, SIGINT still ends it cleanly,
# the reason is a console note, and a file is written only when something was recorded. Then
# the stop (a transfer in flight finishes or is cut), an idle client, -v, and the usage checks.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
source "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d /tmp/replycheck-recordbroken.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
source "$src/tests/integration/lib/check.sh"
cd "$work"

# A broken server: garbage (a greeting that is no FTP reply) or hang (220, then half a reply
# to USER and silence). Ends by itself after 300 s (the test kills it sooner).
cat > broken.py <<'PY'
import socket, sys, threading, time
mode, port_file = sys.argv[1], sys.argv[2]
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(8)
server.settimeout(300)
open(port_file, "w").write(str(server.getsockname()[1]))
def serve(conn):
    conn.settimeout(10)
    try:
        if mode == "garbage":
            conn.sendall(b"HELLO this is not FTP\r\n")
        else:
            conn.sendall(b"220 ready\r\n")
            conn.recv(100)
            conn.sendall(b"331-first line of a reply that never ends\r\n")
        time.sleep(20)
    except OSError:
        pass
    conn.close()
end = time.time() + 300
while time.time() < end:
    try:
        conn, _ = server.accept()
    except OSError:
        break
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PY
# The client: the first reply line it gets (after sending USER when the greeting was a 220).
cat > client.py <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=15)
f = s.makefile("rb")
line = f.readline()
if line.startswith(b"220 "):
    s.sendall(b"USER someone\r\n")
    line = f.readline()
print(line.decode("latin-1").strip())
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start_peer() {  # name, command...; sets peer_port
  local name=$1
  shift
  "$@" "$work/$name.port" > /dev/null 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 50); do [ -s "$work/$name.port" ] && break; sleep 0.1; done
  peer_port=$(cat "$work/$name.port")
}

try_upstream() {  # name, upstream port, the console note, written|empty
  local name=$1 port=$2 note=$3 files=$4
  "$rc" record --to "ftp://127.0.0.1:$port" --timeout 1s --emit-scenarios "$name.toml" > "$name.out" 2> "$name.err" &
  local pid=$!
  pids+=("$pid")
  mock_wait "$name.out" "$pid" ftp || { echo "FAIL: the recorder did not start"; cat "$name.err"; exit 1; }
  local addr=$(mock_listener "$name.out" ftp)
  local started=$SECONDS
  timeout 20 python3 client.py "${addr##*:}" > "$name.client" 2>&1
  check "$name: the client gets 421" grep -q '^421 replycheck record: ' "$name.client"
  check "$name: within the timeout" [ $((SECONDS - started)) -le 10 ]   # the client waits 15 s
  check "$name: the recorder is still running" kill -0 "$pid"
  kill -INT "$pid"
  local stopped=1
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { stopped=0; break; }; sleep 0.1; done
  check "$name: SIGINT ends it" [ $stopped -eq 0 ]
  wait "$pid"
  check "$name: exit 0, no crash" [ $? -eq 0 ]
  check "$name: the console note says why" grep -qx "note: ftp 1: $note" "$name.out"
  if [ "$files" = written ]; then
    check "$name: the scenario file is written" [ -s "$name.toml" ]
  else
    check "$name: nothing recorded, no file written" [ ! -e "$name.toml" ]
    check "$name: ... and the console says so" grep -qx "no exchange recorded: $name.toml not written" "$name.out"
  fi
}

try_upstream refused "$(free_port)" 'the server could not be reached (Connection refused)' empty
start_peer garbage python3 broken.py garbage
try_upstream garbage "$peer_port" 'the server sent a line that is not an FTP reply' empty
start_peer hang python3 broken.py hang
try_upstream hang "$peer_port" 'the server did not reply in time' written
check "hang: the recorded greeting is replayed, the cut USER left out" \
  bash -c "grep -q 'greeting = true' hang.toml && grep -q 'note: USER got no final reply' hang.toml"
start_peer drip python3 "$src/tests/integration/hostile_peer.py" ftp-drip
try_upstream drip "$peer_port" 'the server did not reply in time' empty

# A wildcard --listen is refused with the reason, as a usage error (the FTP recorder stays on loopback).
"$rc" record --to "ftp://127.0.0.1:$(free_port)" --listen 0.0.0.0:0 --emit-scenarios wild.toml > wild.out 2> wild.err
check "--listen 0.0.0.0:0: usage error (exit 2)" [ $? -eq 2 ]
check "--listen 0.0.0.0:0: the reason, not a library's words" \
  bash -c "grep -q 'listens on loopback only' wild.err && ! grep -q 'Invalid argument' wild.err"

# The recorder in front of a slow server (record_ftp_slow.py: "RETR slow-N" sends N x 100 bytes,
# one chunk every 0.2 s). recorder NAME ARGS...: starts it, sets rec_pid and rec_port.
start_peer slow python3 "$src/tests/integration/record_ftp_slow.py"
slow=$peer_port
recorder() {
  local name=$1
  shift
  "$rc" record --to "ftp://127.0.0.1:$slow" "$@" > "$name.out" 2> "$name.err" &
  rec_pid=$!
  pids+=("$rec_pid")
  mock_wait "$name.out" "$rec_pid" ftp || { echo "FAIL: the recorder did not start"; cat "$name.err"; exit 1; }
  rec_port=$(mock_listener "$name.out" ftp)
  rec_port=${rec_port##*:}
}
# The client: logs in, RETRs argv[2], prints "receiving" at the first bytes, then the final reply
# and the bytes received. argv[3], when given, is the rate it reads at (bytes per second).
cat > retr.py <<'PY'
import ftplib, sys, time
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=20)
f.login("someone", "pw-of-someone")
got = []
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 0
start = time.time()
def keep(block):
    if not got:
        print("receiving", flush=True)
    got.append(block)
    if rate:
        time.sleep(max(0, sum(map(len, got)) / rate - (time.time() - start)))
try:
    print(f.retrbinary("RETR " + sys.argv[2], keep), sum(map(len, got)), flush=True)
except ftplib.all_errors as e:
    print(e, sum(map(len, got)), flush=True)
PY
receiving() {  # FILE: waits (at most 10 s) until the client's transfer moves bytes
  for _ in $(seq 1 100); do grep -q '^receiving' "$1" && return 0; sleep 0.1; done
  return 1
}
# A raw client: prints the greeting, sends each argument as a line and prints its reply, then
# prints the next line the recorder sends unasked and after how many seconds.
cat > idle.py <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=15)
f = s.makefile("rb")
print(f.readline().decode().strip(), flush=True)
for line in sys.argv[2:]:
    s.sendall(line.encode() + b"\r\n")
    print(f.readline().decode().strip(), flush=True)
start = time.time()
print(f.readline().decode().strip(), "after", round(time.time() - start), flush=True)
PY
# --timeout bounds silence, not the transfer: 5 MB read at 1 MB/s through --timeout 1s keeps
# moving and completes, recorded with its size (a kernel send buffer draining slowly is no silence).
recorder steady --timeout 1s --emit-scenarios steady.toml -v
timeout 30 python3 retr.py "$rec_port" bulk-5 1000000 > steady.client 2>&1
kill -INT "$rec_pid"
wait "$rec_pid"
check "a long moving transfer: the client gets all of it and 226" grep -qx '226 done 5000000' steady.client
check "a long moving transfer: recorded with its size" grep -qx 'ftp 1: RETR bulk-5 -> 150 226, 5000000 bytes' steady.err
check "a long moving transfer: no note" bash -c "! grep -q 'note: ftp 1: the' steady.out"
# SIGTERM during a 2 s transfer: it gets the grace (--timeout 5s) and completes.
recorder finish --timeout 5s --emit-scenarios finish.toml
timeout 30 python3 retr.py "$rec_port" slow-10 > finish.client 2>&1 &
client=$!
receiving finish.client
kill -TERM "$rec_pid"
wait "$rec_pid"
check "stop mid-transfer: exit 0" [ $? -eq 0 ]
wait "$client"
check "stop mid-transfer: the transfer in flight completes (226, 1000 bytes)" grep -qx '226 done 1000' finish.client
check "stop mid-transfer: recorded with its size" grep -q 'body = { size = 1000 }' finish.toml
check "stop mid-transfer: no false note" bash -c "! grep -q 'closed the connection' finish.toml finish.out"
# SIGTERM during a 12 s transfer, --timeout 2s: cut after the grace, and said so.
recorder cut --timeout 2s --emit-scenarios cut.toml
timeout 30 python3 retr.py "$rec_port" slow-60 > cut.client 2>&1 &
client=$!
receiving cut.client
started=$SECONDS
kill -TERM "$rec_pid"
wait "$rec_pid"
check "stop cuts a long transfer: exit 0" [ $? -eq 0 ]
check "stop cuts a long transfer: after the grace, not the transfer" [ $((SECONDS - started)) -le 5 ]
wait "$client"
check "stop cuts a long transfer: the client gets 421 cut at stop" grep -q '^421 replycheck record: cut at stop' cut.client
check "stop cuts a long transfer: a console note" grep -qx 'note: ftp 1: cut at stop' cut.out
check "stop cuts a long transfer: a file note" grep -q '# note: session 1: cut at stop' cut.toml
# SIGINT 2 s into a moving transfer (20 MB read at 1 MB/s), --timeout 5s: the grace is one
# --timeout from the stop, then the cut is said so (the transfer's wait is not a reply timer).
recorder grace --timeout 5s --emit-scenarios grace.toml
timeout 30 python3 retr.py "$rec_port" bulk-20 1000000 > grace.client 2>&1 &
client=$!
receiving grace.client
sleep 2
started=$SECONDS
kill -INT "$rec_pid"
wait "$rec_pid"
check "stop cuts a moving transfer: after the grace, not before" [ $((SECONDS - started)) -ge 4 ]
check "stop cuts a moving transfer: ... and not long after" [ $((SECONDS - started)) -le 8 ]
wait "$client"
check "stop cuts a moving transfer: the client gets 421 cut at stop" grep -q '^421 replycheck record: cut at stop' grace.client
check "stop cuts a moving transfer: noted as cut, not as a silent server" \
  bash -c "grep -qx 'note: ftp 1: cut at stop' grace.out && ! grep -q 'did not reply' grace.out"
# An idle client is told before it is closed (RFC 959 §4.2: 421).
recorder idle --timeout 1s --emit-scenarios idle.toml
timeout 20 python3 idle.py "$rec_port" "USER someone" > idle.client 2>&1
kill -INT "$rec_pid"
wait "$rec_pid"
check "an idle client gets 421 after --timeout" grep -Eqx '421 replycheck record: idle for 1s; closing\. after [12]' idle.client
check "... and it is a console note" grep -qx 'note: ftp 1: idle for 1s; closing' idle.out
# --max 1: a second session, idle and logged in, is told 421 at the stop, and noted. -v shows
# the code the client got when the recorder answered instead of the server (an unreadable 227).
recorder max --max 1 --timeout 5s --emit-scenarios max.toml -v
timeout 20 python3 idle.py "$rec_port" "USER someone" "PASS pw-of-someone" > second.client 2>&1 &
client=$!
sleep 0.5
timeout 20 python3 idle.py "$rec_port" "USER someone" "TYPE X" "PASV" "QUIT" > first.client 2>&1
wait "$rec_pid"
check "--max 1 ends the recorder" [ $? -eq 0 ]
wait "$client"
check "--max 1: the idle second session gets 421" grep -q '^421 replycheck record: the recorder stopped; closing.' second.client
check "--max 1: ... noted on the console" grep -qx 'note: ftp 1: the recorder stopped; closing' max.out
check "--max 1: ... past --max" grep -qx 'note: ftp 1: past --max, not recorded' max.out
check "-v: the client got 425 for the unreadable 227" grep -q '^425 ' first.client
check "-v: shows 425 and the server's 227" grep -qx 'ftp 2: PASV -> 425 (server 227)' max.err
check "-v: no password" bash -c "! grep -q 'pw-of-someone' max.err max.out max.toml"
# A mock whose config cannot be written (its path became a folder during the recording) leaves
# no root folder behind; the scenario file is still written.
recorder late --timeout 5s --emit-scenarios late.toml --emit-mock late-mock.toml
timeout 20 python3 idle.py "$rec_port" "USER someone" "QUIT" > late.client 2>&1
mkdir late-mock.toml
kill -INT "$rec_pid"
wait "$rec_pid"
check "a mock that cannot be written: exit 3" [ $? -eq 3 ]
check "... says so" grep -q 'cannot write late-mock.toml' late.err
check "... leaves no root folder" [ ! -e late-mock-root ]
check "... the scenario file is written" [ -s late.toml ]

# A port in use is told plainly (exit 3); localhost is loopback.
"$rc" record --to "ftp://127.0.0.1:$slow" --listen "127.0.0.1:$slow" --emit-scenarios busy.toml > busy.out 2> busy.err
check "--listen on a port in use: exit 3" [ $? -eq 3 ]
check "--listen on a port in use: said plainly" grep -qx "replycheck record: cannot listen on 127.0.0.1:$slow: Address already in use" busy.err
recorder localhost --listen localhost:0 --emit-scenarios lh.toml
check "--listen localhost:0 is loopback" grep -q '^ftp ' localhost.out
kill -INT "$rec_pid"
wait "$rec_pid"

# Usage errors at start (exit 2), before any traffic.
mkdir folder
touch plain
usage() {  # description, expected words, record arguments...
  local what=$1 words=$2
  shift 2
  timeout 10 "$rc" record "$@" < /dev/null > usage.out 2> usage.err
  check "$what: exit 2" [ $? -eq 2 ]
  check "$what: says '$words'" grep -qF -- "$words" usage.err
}
to=ftp://127.0.0.1:$slow
usage "the same file twice" "name the same file" --to "$to" --emit-scenarios x.toml --emit-mock ./x.toml
usage "a folder as the target" "cannot write folder: it is a folder" --to "$to" --emit-scenarios folder
usage "--emit-mock ." "cannot write .: it is a folder" --to "$to" --emit-mock .
usage "a path under a regular file" "plain is not a folder" --to "$to" --emit-scenarios plain/s.toml
check "nothing was made for them" [ ! -e .-root ]
usage "--max -1" "--max -1" --to "$to" --emit-scenarios s.toml --max -1
usage "--insecure with --cacert" "excludes" --to https://127.0.0.1:1 --emit-scenarios s.toml --insecure --cacert plain
usage "--cacert not a PEM" "not a readable PEM" --to https://127.0.0.1:1 --emit-scenarios s.toml --cacert plain
usage "--to ftp with a login" "no user or password" --to "ftp://u:p@127.0.0.1:$slow" --emit-scenarios s.toml
usage "--to http with a login" "no user or password" --to http://user:pw@127.0.0.1:1 --emit-scenarios s.toml
check "the password in --to is not repeated" bash -c "! grep -q 'pw' usage.err"

if [ $failures -ne 0 ]; then
  for f in *.client *.err; do echo "== $f"; cat "$f"; done
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo ok
