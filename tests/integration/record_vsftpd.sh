#!/usr/bin/env bash
# `replycheck record` in front of a real vsftpd: Python ftplib (EPSV and PASV, LIST, RETR, SIZE,
# a 550, AUTH TLS and PORT refused) and curl go through it; after SIGINT the emitted scenarios
# pass against vsftpd and against the emitted mock, the ftplib session gets the same answers and
# bytes from the mock, no password appears in any file or console line, and --max 1 ends the
# recorder after one session. Exit 77 when vsftpd is not installed.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
command -v curl >/dev/null || { echo "curl is not installed"; exit 77; }
source "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d /tmp/replycheck-recordftp.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  "$src/ci/servers/stop" "$work/state" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$src/tests/integration/lib/check.sh"
password='Rec-8Jq2-not-in-files@'
client=$src/tests/integration/record_ftp_client.py

mkdir -p "$work/root/pub"
printf 'hello recorded world\n' > "$work/root/hello.txt"
head -c 150000 /dev/urandom | base64 > "$work/root/pub/big.txt"
"$src/ci/servers/start" vsftpd "$work/state" "$work/root" --anon-password >/dev/null
status=$?
[ $status -eq 77 ] && exit 77
[ $status -eq 0 ] || { echo "FAIL: vsftpd did not start"; exit 1; }
vsftpd=127.0.0.1:$(cat "$work/state/port")
cd "$work"

start_recorder() {  # out-prefix, extra options...; sets rec_pid, rec_addr
  local prefix=$1
  shift
  "$rc" record --to "ftp://$vsftpd" --timeout 5s -v "$@" > "$prefix.out" 2> "$prefix.err" &
  rec_pid=$!
  pids+=("$rec_pid")
  mock_wait "$prefix.out" "$rec_pid" ftp || { echo "FAIL: the recorder did not start"; cat "$prefix.err"; exit 1; }
  rec_addr=$(mock_listener "$prefix.out" ftp)
}

wait_exit() {  # pid, seconds: true when the process ended in time (status in RC)
  for _ in $(seq 1 $(($2 * 10))); do
    if ! kill -0 "$1" 2>/dev/null; then wait "$1"; RC=$?; return 0; fi
    sleep 0.1
  done
  return 1
}

# 1. Record: ftplib (with the refusals), then curl (EPSV, RFC 2428).
start_recorder rec --emit-scenarios s.toml --emit-mock m.toml
timeout 60 python3 "$client" "${rec_addr%:*}" "${rec_addr##*:}" "$password" --refusals > via-recorder.txt 2>&1
check "ftplib through the recorder" [ $? -eq 0 ]
check "AUTH TLS refused with 534" grep -qx 'AUTH 534' via-recorder.txt
check "PORT refused with 502" grep -qx 'PORT 502' via-recorder.txt
grep -v -e '^AUTH' -e '^PORT' via-recorder.txt > expected.txt
timeout 60 python3 "$client" "${vsftpd%:*}" "${vsftpd##*:}" "$password" > direct.txt 2>&1
check "the recorder answers as vsftpd does" cmp -s expected.txt direct.txt
check "RETR through the recorder has vsftpd's bytes" \
  grep -qx "big $(wc -c < root/pub/big.txt) $(sha256sum root/pub/big.txt | cut -d' ' -f1)" expected.txt
curl -s --max-time 20 --user "anonymous:$password" "ftp://$rec_addr/hello.txt" > curl.txt
check "curl (EPSV) through the recorder" cmp -s curl.txt root/hello.txt
kill -INT "$rec_pid"
check "SIGINT ends the recorder (exit 0)" wait_exit "$rec_pid" 15
check "... with exit 0" [ "${RC:-1}" -eq 0 ]
check "two sessions written" grep -q 'wrote 2 FTP session' rec.out
check "-v names every command" grep -q 'RETR big.txt -> 150 226' rec.err
check "-v masks PASS" grep -q 'PASS \*\*\*\* -> 230' rec.err
check "scenarios lint" "$rc" lint s.toml --var "ftp=ftp://$vsftpd"
check "the scenario replays EPSV-less: no PASV/EPSV step" bash -c "! grep -Eq \"ftp = '(PASV|EPSV)\" s.toml"
check "RETR expects the recorded size" grep -q "body = { size = $(wc -c < root/pub/big.txt) }" s.toml
check "the missing file expects 550" grep -q 'expect = { code = 550 }' s.toml

# (a) against vsftpd
"$rc" run s.toml --var "ftp=ftp://$vsftpd" --secret "password_1=$password" > run-real.txt 2>&1
check "(a) the recorded scenarios pass against vsftpd" [ $? -eq 0 ]
check "(a) ... both of them" grep -q '^2 passed, 0 failed' run-real.txt

# (b) against the emitted mock
REPLYCHECK_PASSWORD_1=$password "$rc" mock m.toml > mock.out 2> mock.err &
mock_pid=$!
pids+=("$mock_pid")
mock_wait mock.out "$mock_pid" ftp || { echo "FAIL: the emitted mock did not start"; cat mock.err; exit 1; }
mock_addr=$(mock_listener mock.out ftp)
"$rc" run s.toml --var "ftp=ftp://$mock_addr" --secret "password_1=$password" > run-mock.txt 2>&1
check "(b) the recorded scenarios pass against the emitted mock" [ $? -eq 0 ]
check "(b) ... both of them" grep -q '^2 passed, 0 failed' run-mock.txt

# (c) the ftplib session against the mock
timeout 60 python3 "$client" "${mock_addr%:*}" "${mock_addr##*:}" "$password" > via-mock.txt 2>&1
check "(c) ftplib gets the same answers and bytes from the mock" cmp -s expected.txt via-mock.txt
mock_stop "$mock_pid"

# (d) no password anywhere
check "(d) no password in the files or console lines" \
  bash -c "! grep -rlF -- '$password' s.toml m.toml rec.out rec.err run-real.txt run-mock.txt mock.out mock.err"

# (e) --max 1 stops after one session
start_recorder max --emit-scenarios s1.toml --max 1
timeout 60 python3 "$client" "${rec_addr%:*}" "${rec_addr##*:}" "$password" > /dev/null 2>&1
check "(e) --max 1 ends the recorder by itself" wait_exit "$rec_pid" 10
check "(e) ... with exit 0 and one session" grep -q 'wrote 1 FTP session' max.out

if [ $failures -ne 0 ]; then
  for f in via-recorder.txt run-real.txt run-mock.txt rec.err; do echo "== $f"; cat "$f"; done
  diff expected.txt direct.txt
  diff expected.txt via-mock.txt
  echo "FAIL: $failures check(s)"
  exit 1
fi
echo ok
