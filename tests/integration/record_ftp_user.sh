#!/usr/bin/env bash
# `replycheck record` in front of an FTP server with a real user (the project's mock, writable):
# Python ftplib logs in with a password, uploads, makes a folder and enters it. The emitted
# scenario takes the password as ${password_1} (--secret) and passes against the server again
# and against the emitted mock (password from REPLYCHECK_PASSWORD); the password is in no file
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
failures=0
check() {  # description, then a command that must succeed
  local what=$1
  shift
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; failures=$((failures + 1)); fi
}
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
check "the mock reads the password from the environment" grep -q "password = '\${env:REPLYCHECK_PASSWORD}'" m.toml
check "the mock root holds the folder entered" [ -d m-root/box ]

rm -rf root/*
"$rc" run s.toml --var "ftp=ftp://$server" --secret "password_1=$password" > run-server.txt 2>&1
check "the scenario passes against the server" grep -q '^1 passed, 0 failed' run-server.txt
REPLYCHECK_PASSWORD=$password start mock "$rc" mock m.toml
"$rc" run s.toml --var "ftp=ftp://$addr" --secret "password_1=$password" > run-mock.txt 2>&1
check "the scenario passes against the emitted mock" grep -q '^1 passed, 0 failed' run-mock.txt
"$rc" run s.toml --var "ftp=ftp://$addr" --secret "password_1=wrong-one" > run-wrong.txt 2>&1
check "... and fails there with a wrong password" grep -q '^0 passed, 1 failed' run-wrong.txt
check "no password in the files or console lines" \
  bash -c "! grep -rlF -- '$password' s.toml m.toml rec.out rec.err mock.out mock.err run-server.txt run-mock.txt"

if [ $failures -ne 0 ]; then
  for f in session.txt rec.err run-server.txt run-mock.txt; do echo "== $f"; cat "$f"; done
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo ok
