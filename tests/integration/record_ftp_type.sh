#!/usr/bin/env bash
# `replycheck record` in front of a real proftpd: curl -B (TYPE A) and ftplib (a text RETR, a
# SIZE proftpd refuses in ASCII mode, a binary RETR of the same file) go through it. The emitted
# scenarios keep each transfer in the type the session set, so they pass against proftpd and
# against the emitted mock, which gives the file's two recorded forms in turn.
# Exit 77 when proftpd is not installed.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl is not installed"; exit 77; }
source "$src/tests/integration/lib/mock.sh"
source "$src/tests/integration/lib/check.sh"
work=$(mktemp -d /tmp/replycheck-recordtype.XXXXXX)
chmod 755 "$work"   # proftpd enters the root as 'ftp': every folder above must be searchable
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  "$src/ci/servers/stop" "$work/state" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/root"
seq 1 30000 > "$work/root/big.txt"   # 168894 bytes; 198894 with CRLF line ends
"$src/ci/servers/start" proftpd "$work/state" "$work/root" >/dev/null
status=$?
[ $status -eq 77 ] && exit 77
[ $status -eq 0 ] || { echo "FAIL: proftpd did not start"; exit 1; }
server=127.0.0.1:$(cat "$work/state/port")
cd "$work"

record() {  # prefix: records one session to PREFIX.toml / PREFIX-mock.toml; sets rec_pid, rec_addr
  "$rc" record --to "ftp://$server" --timeout 5s --max 1 --emit-scenarios "$1.toml" \
    --emit-mock "$1-mock.toml" > "$1.out" 2> "$1.err" &
  rec_pid=$!
  pids+=("$rec_pid")
  mock_wait "$1.out" "$rec_pid" ftp || { echo "FAIL: the recorder did not start"; cat "$1.err"; exit 1; }
  rec_addr=$(mock_listener "$1.out" ftp)
}

finish() {  # waits (bounded) for the recorder that --max 1 ends
  for _ in $(seq 1 50); do kill -0 "$rec_pid" 2>/dev/null || return 0; sleep 0.1; done
  return 1
}

replay() {  # prefix, label: the scenarios pass against proftpd and against the emitted mock
  "$rc" run "$1.toml" --var "ftp=ftp://$server" > "$1-server.txt" 2>&1
  check "$2: the scenarios pass against proftpd" grep -q '^1 passed, 0 failed' "$1-server.txt"
  mkdir -p "$1-mock-root"
  "$rc" mock "$1-mock.toml" > "$1-mock.out" 2> "$1-mock.err" &
  local mock_pid=$!
  pids+=("$mock_pid")
  mock_wait "$1-mock.out" "$mock_pid" ftp || { echo "FAIL: the emitted mock did not start"; cat "$1-mock.err"; exit 1; }
  "$rc" run "$1.toml" --var "ftp=ftp://$(mock_listener "$1-mock.out" ftp)" > "$1-mock-run.txt" 2>&1
  check "$2: the scenarios pass against the emitted mock" grep -q '^1 passed, 0 failed' "$1-mock-run.txt"
  kill "$mock_pid" 2>/dev/null
}

# curl -B: TYPE A, then RETR moves the file with CRLF line ends (RFC 959 §3.1.1.1).
record curl
curl -s -B --max-time 20 --user anonymous:me@example.org "ftp://$rec_addr/big.txt" -o got.txt
check "curl got the file (its line ends restored)" cmp -s got.txt root/big.txt
check "the recorder ends after one session" finish
check "curl: the TYPE A step is kept" grep -q "ftp = 'TYPE A'" curl.toml
check "curl: the ASCII size is expected" grep -q "size = 198894" curl.toml
replay curl curl

# ftplib: a text RETR (TYPE A), SIZE refused in ASCII mode, a binary RETR (TYPE I).
record ftplib
timeout 30 python3 - "${rec_addr##*:}" > ftplib.txt 2>&1 <<'PY'
import ftplib, sys
f = ftplib.FTP()
f.connect("127.0.0.1", int(sys.argv[1]), timeout=10)
f.login("anonymous", "me@example.org")
lines = []
f.retrlines("RETR big.txt", lines.append)
print("lines", len(lines))
try:
    print(f.sendcmd("SIZE big.txt"))
except ftplib.error_perm as e:
    print("size", e)
got = bytearray()
f.retrbinary("RETR big.txt", got.extend)
print("bytes", len(got))
f.quit()
PY
check "ftplib: the session ran" grep -qx 'bytes 168894' ftplib.txt
check "ftplib: proftpd refused SIZE in ASCII mode" grep -q '^size 550' ftplib.txt
check "the recorder ends after one session" finish
check "ftplib: text and binary sizes both expected" \
  bash -c "grep -q 'size = 198894' ftplib.toml && grep -q 'size = 168894' ftplib.toml"
check "ftplib: SIZE expects the 550" grep -q 'code = 550' ftplib.toml
check "ftplib: the mock notes the two answers to RETR" grep -q 'note: RETR big.txt was answered differently' ftplib-mock.toml
replay ftplib ftplib

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "record_ftp_type: all checks passed"
