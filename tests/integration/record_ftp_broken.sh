#!/usr/bin/env bash
# `replycheck record` in front of FTP servers that fail: refused, a garbage greeting, a reply
# that stops halfway (hangs), a greeting that drips forever. Each time the client gets a 421
# (RFC 959 §4.2) within the timeout, the recorder keeps running, and SIGINT still ends it
# cleanly with the files written.
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
# to USER and silence). Ends by itself after 60 s.
cat > broken.py <<'PY'
import socket, sys, threading, time
mode, port_file = sys.argv[1], sys.argv[2]
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(8)
server.settimeout(60)
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
end = time.time() + 60
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

try_upstream() {  # name, upstream port
  local name=$1 port=$2
  "$rc" record --to "ftp://127.0.0.1:$port" --timeout 1s --emit-scenarios "$name.toml" > "$name.out" 2> "$name.err" &
  local pid=$!
  pids+=("$pid")
  mock_wait "$name.out" "$pid" ftp || { echo "FAIL: the recorder did not start"; cat "$name.err"; exit 1; }
  local addr=$(mock_listener "$name.out" ftp)
  local started=$SECONDS
  timeout 20 python3 client.py "${addr##*:}" > "$name.client" 2>&1
  check "$name: the client gets 421" grep -q '^421 replycheck record: ' "$name.client"
  check "$name: within the timeout" [ $((SECONDS - started)) -le 5 ]
  check "$name: the recorder is still running" kill -0 "$pid"
  kill -INT "$pid"
  local stopped=1
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || { stopped=0; break; }; sleep 0.1; done
  check "$name: SIGINT ends it" [ $stopped -eq 0 ]
  wait "$pid"
  check "$name: exit 0, no crash" [ $? -eq 0 ]
  check "$name: the scenario file is written" [ -s "$name.toml" ]
}

try_upstream refused "$(free_port)"
start_peer garbage python3 broken.py garbage
try_upstream garbage "$peer_port"
start_peer hang python3 broken.py hang
try_upstream hang "$peer_port"
check "hang: the recorded greeting is replayed, the cut USER left out" \
  bash -c "grep -q 'greeting = true' hang.toml && grep -q 'note: USER got no final reply' hang.toml"
start_peer drip python3 "$src/tests/integration/hostile_peer.py" ftp-drip
try_upstream drip "$peer_port"

# A wildcard --listen is refused with the reason, as a usage error (the FTP recorder stays on loopback).
"$rc" record --to "ftp://127.0.0.1:$(free_port)" --listen 0.0.0.0:0 --emit-scenarios wild.toml > wild.out 2> wild.err
check "--listen 0.0.0.0:0: usage error (exit 2)" [ $? -eq 2 ]
check "--listen 0.0.0.0:0: the reason, not a library's words" \
  bash -c "grep -q 'listens on loopback only' wild.err && ! grep -q 'Invalid argument' wild.err"

if [ $failures -ne 0 ]; then
  for f in *.client *.err; do echo "== $f"; cat "$f"; done
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo ok
