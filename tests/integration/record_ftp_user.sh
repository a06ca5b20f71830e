#!/usr/bin/env bash
# `replycheck record` in front of an FTP server with a real user (the project's mock, writable):
# Python ftplib logs in with a password, uploads, makes a folder and enters it. The emitted
# scenario takes the password as ${password_1} (--secret) and passes against the server again
# and against the emitted mock (password from REPLYCHECK_PASSWORD_1); the password is in no file
# and no console line.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
source "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d /tmp/replycheck-recorduser.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
source "$src/tests/integration/lib/check.sh"
password='Usr-4kT9-not-in-files'
cd "$work"
mkdir -p root

start() {  # name, command...; sets addr (the `ftp HOST:PORT` it prints)
  local name=$1
  shift
  "$@" > "$name.out" 2> "$name.err" &
  local pid=$!
  pids+=("$pid")
  mock_wait "$name.out" "$pid" ftp || { echo "FAIL: $name did not start"; cat "$name.err"; exit 1; }
  addr=$(mock_listener "$name.out" ftp)
  last_pid=$pid
}

cat > server.toml <<'TOML'
[mock.ftp]
root = "root"
writable = true
users = [{ name = "alice", password = "${env:SERVER_PASSWORD}" }]
TOML
SERVER_PASSWORD=$password start server "$rc" mock server.toml
server=$addr
start rec "$rc" record --to "ftp://$server" --emit-scenarios s.toml --emit-mock m.toml --timeout 5s -v
rec_pid=$last_pid
timeout 30 python3 - "${addr##*:}" "$password" > session.txt 2>&1 <<'PY'
import ftplib, io, sys
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
f.login("alice", sys.argv[2])
f.storbinary("STOR up.txt", io.BytesIO(b"uploaded through the recorder\n"))
f.mkd("box")
f.cwd("box")
print(f.pwd())
f.quit()
PY
check "ftplib session through the recorder" grep -qx '/box' session.txt
check "the upload reached the server" grep -qx 'uploaded through the recorder' root/up.txt
kill -INT "$rec_pid"
wait "$rec_pid"
check "the recorder ends with exit 0" [ $? -eq 0 ]
check "the scenario sends \${password_1}" grep -q "ftp = 'PASS \${password_1}'" s.toml
check "the header names the secret" grep -q -- '--secret password_1=' s.toml
check "the mock reads the password from the environment" grep -q "password = '\${env:REPLYCHECK_PASSWORD_1}'" m.toml
check "the mock root holds the folder entered" [ -d m-root/box ]

rm -rf root/*
"$rc" run s.toml --var "ftp=ftp://$server" --secret "password_1=$password" > run-server.txt 2>&1
check "the scenario passes against the server" grep -q '^1 passed, 0 failed' run-server.txt
REPLYCHECK_PASSWORD_1=$password start mock "$rc" mock m.toml
"$rc" run s.toml --var "ftp=ftp://$addr" --secret "password_1=$password" > run-mock.txt 2>&1
check "the scenario passes against the emitted mock" grep -q '^1 passed, 0 failed' run-mock.txt
"$rc" run s.toml --var "ftp=ftp://$addr" --secret "password_1=wrong-one" > run-wrong.txt 2>&1
check "... and fails there with a wrong password" grep -q '^0 passed, 1 failed' run-wrong.txt
check "no password in the files or console lines" \
  bash -c "! grep -rlF -- '$password' s.toml m.toml rec.out rec.err mock.out mock.err run-server.txt run-mock.txt"

# Against pyftpdlib (a server nobody here wrote), through a second recorder: a PASS sent with a
# tab and in lower case, 125 instead of 150, an upload holding "${", a resumed download, ABOR
# during a download (ftplib's urgent ABOR), a data connection from another address, and a client
# that never connects to its passive port.
if /usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null; then
  mkdir -p py
  printf '%s\n' $(seq 1 150) > py/big.txt                                         # 492 bytes
  head -c 8000000 /dev/zero > py/huge.bin
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  timeout 120 /usr/bin/python3 -m pyftpdlib -i 127.0.0.1 -u alice -P "$password" -w -p "$port" -d py > py.log 2>&1 &
  pids+=("$!")
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  start rec2 "$rc" record --to "ftp://127.0.0.1:$port" --emit-scenarios s2.toml --emit-mock m2.toml --timeout 5s -v
  rec2_pid=$last_pid
  timeout 60 /usr/bin/python3 - "${addr##*:}" "$password" > session2.txt 2>&1 <<'PY'
import ftplib, io, socket, sys
port, password = int(sys.argv[1]), sys.argv[2]
f = ftplib.FTP()
f.connect("127.0.0.1", port, timeout=10)
f.sendcmd("USER alice")
for line in ("pass\t" + password, "PASS"):   # the server refuses both; the recorder must mask them
    f.putline(line)
    print("odd pass", f.getmultiline()[:3])
f.quit()                                        # a session of its own: a 500 is not replayable
f.connect("127.0.0.1", port, timeout=10)
f.login("alice", password)
print("mlsd", sorted(name for name, facts in f.mlsd()))
f.storbinary("STOR up.txt", io.BytesIO(b"uploaded ${x} data\n"))
data = bytearray()
f.retrbinary("RETR big.txt", data.extend, rest=100)
print("rest", len(data))
conn = f.transfercmd("RETR huge.bin")
conn.recv(4096)
reply = f.abort()
print("abort", reply[:3])
if reply.startswith("426"):
    print("abort then", f.getmultiline()[:3])
conn.close()
print("noop", f.voidcmd("NOOP")[:3])
f.voidcmd("TYPE I")
host, p = ftplib.parse227(f.sendcmd("PASV"))
stranger = socket.socket()
stranger.bind(("127.0.0.2", 0))
stranger.settimeout(5)
stranger.connect((host, p))
print("stranger", stranger.recv(10) == b"")
conn = socket.create_connection((host, p), timeout=10)
print("retr", f.sendcmd("RETR big.txt")[:3])
got = b""
while chunk := conn.recv(4096):
    got += chunk
conn.close()
print("after stranger", len(got), f.voidresp()[:3])
f.sendcmd("PASV")
try:
    f.sendcmd("RETR big.txt")                 # nobody connects to the passive port
    print("no data", f.getresp()[:3])
except ftplib.error_temp as e:
    print("no data", str(e)[:3])
print("noop", f.voidcmd("NOOP")[:3])
print("quit", f.quit()[:3])
PY
  kill -INT "$rec2_pid"
  wait "$rec2_pid"
  check "pyftpdlib: the odd PASS lines reached the server" [ "$(grep -c '^odd pass [45]' session2.txt)" -eq 2 ]
  check "pyftpdlib: MLSD and STOR through the recorder" grep -q "^mlsd .*'huge.bin'" session2.txt
  check "pyftpdlib: the upload arrived" grep -qxF 'uploaded ${x} data' py/up.txt
  check "pyftpdlib: the resumed download moved the rest" grep -qx 'rest 392' session2.txt
  check "pyftpdlib: ABOR during RETR answered 426 then 226" grep -qx 'abort then 226' session2.txt
  check "pyftpdlib: the session goes on after ABOR" [ "$(grep -c '^noop 200' session2.txt)" -eq 2 ]
  check "pyftpdlib: a data connection from 127.0.0.2 is refused" grep -qx 'stranger True' session2.txt
  check "pyftpdlib: ... and the client's own still carries the file" grep -qx 'after stranger 492 226' session2.txt
  check "pyftpdlib: no data connection: 425 from the recorder" grep -qx 'no data 425' session2.txt
  check "pyftpdlib: the session ends normally" grep -qx 'quit 221' session2.txt
  check "pyftpdlib: the aborted RETR is left out with a note" grep -q "note: session 2: RETR huge.bin was aborted" s2.toml
  check "pyftpdlib: the refused stranger is noted" grep -q "note: session 2: RETR big.txt: a data connection came from another address" s2.toml
  check "pyftpdlib: the 425 is noted, not replayed" grep -q "note: session 2: RETR big.txt: no data connection came from the client; answered 425" s2.toml
  check "pyftpdlib: the upload's \${ is escaped" grep -qF 'uploaded $${x} data' s2.toml
  check "pyftpdlib: no preliminary code is expected" bash -c "! grep -q preliminary s2.toml"
  check "pyftpdlib: no password, whatever its case, in files or console lines" \
    bash -c "! grep -rliF -- '$password' s2.toml m2.toml rec2.out rec2.err"
  check "pyftpdlib: -v masks the odd PASS lines" [ "$(grep -c 'PASS \*\*\*\*' rec2.err)" -ge 3 ]
  rm -f py/up.txt
  "$rc" run s2.toml --filter 'ftp-2' --var "ftp=ftp://127.0.0.1:$port" --secret "password_1=$password" > run-py.txt 2>&1
  check "pyftpdlib: the recorded session passes against pyftpdlib again" grep -q '^1 passed, 0 failed' run-py.txt
else
  echo "skip - pyftpdlib is not installed: its part is left out"
fi

if [ $failures -ne 0 ]; then
  for f in session.txt rec.err run-server.txt run-mock.txt session2.txt rec2.err s2.toml run-py.txt; do
    [ -f "$f" ] && { echo "== $f"; cat "$f"; }
  done
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo ok
