#!/usr/bin/env bash
# FTP session benchmark: the same Python ftplib loop (connect, anonymous login, passive RETR of
# a small file, QUIT) against the replycheck FTP mock, vsftpd and pyftpdlib, all on 127.0.0.1,
# in one run. Prints sessions/s for each and the mock's ratios (goal: >= 5x vsftpd,
# >= 1.5x pyftpdlib).
#
#   tests/bench/ftp_mock_bench.sh [COUNT] [SECONDS]     (defaults: 2000 sessions or 10 s each)
#   ROUNDS=N (default 5): each server's budget is split into N turns, interleaved with the others
#
# Finds the mock through $REPLYCHECK (`replycheck mock --ftp ... --anonymous`) when that
# command exists, else through the test driver in $REPLYCHECK_BINARY_DIR/tests.
set -euo pipefail

count=${1:-2000}
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
source_dir=${REPLYCHECK_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
binary_dir=${REPLYCHECK_BINARY_DIR:-$source_dir/build}
replycheck=${REPLYCHECK:-$binary_dir/harness/cli/replycheck}
loop="$here/ftp_session_loop.py"

work=$(mktemp -d /tmp/replycheck-ftp-bench.XXXXXX)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  "$source_dir/ci/servers/stop" "$work/vsftpd" >/dev/null 2>&1 || true
  "$source_dir/ci/servers/stop" "$work/pyftpdlib" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A root the vsftpd anonymous user may read (and not write): root-owned, world-readable.
mkdir -p "$work/root"
printf 'replycheck benchmark file: a few hundred bytes of text.\n%.0s' $(seq 1 8) > "$work/root/small.txt"
chmod 755 "$work/root"
chmod 644 "$work/root/small.txt"
size=$(stat -c %s "$work/root/small.txt")

# --- the mock ---------------------------------------------------------------------------------
mock_how=""
if [ -x "$replycheck" ] && "$replycheck" mock --help 2>&1 | grep -q -- '--ftp-root'; then
  "$replycheck" mock --ftp 127.0.0.1:0 --ftp-root "$work/root" --anonymous > "$work/mock.out" 2>&1 &
  mock_pid=$!
  mock_how="replycheck mock"
elif [ -x "$binary_dir/tests/mock_ftp_ftp_mock_test" ]; then
  REPLYCHECK_FTP_ROOT="$work/root" REPLYCHECK_FTP_SECONDS=$(( 3 * seconds + 60 )) \
    REPLYCHECK_FTP_STOP="$work/stop" \
    "$binary_dir/tests/mock_ftp_ftp_mock_test" --run_test=serve_for_benchmark > "$work/mock.out" 2>&1 &
  mock_pid=$!
  mock_how="in-process test driver"
else
  echo "ftp_mock_bench: neither '$replycheck mock --ftp' nor the mock_ftp test driver is built" >&2
  exit 77
fi
mock_port=""
for _ in $(seq 1 100); do   # bounded: 10 s
  mock_port=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/mock.out" | head -1)
  [ -n "$mock_port" ] && break
  sleep 0.1
done
[ -n "$mock_port" ] || { echo "ftp_mock_bench: the mock did not start" >&2; cat "$work/mock.out" >&2; exit 3; }

# --- the peers ----------------------------------------------------------------------------------
vsftpd_port=$("$source_dir/ci/servers/start" vsftpd "$work/vsftpd" "$work/root" | sed -n 's/^ftp 127\.0\.0\.1://p')
pyftpdlib_port=$("$source_dir/ci/servers/start" pyftpdlib "$work/pyftpdlib" "$work/root" | sed -n 's/^ftp 127\.0\.0\.1://p')

# The load on a shared machine drifts: each server gets ROUNDS short turns, in rotating order,
# and its figure is the sum over its turns (sessions / seconds).
rounds=${ROUNDS:-5}
per_count=$(( (count + rounds - 1) / rounds ))
per_seconds=$(/usr/bin/python3 -c "print($seconds / $rounds)")
declare -A ports=([mock]=$mock_port [vsftpd]=$vsftpd_port [pyftpdlib]=$pyftpdlib_port)
names=(mock vsftpd pyftpdlib)

echo "FTP session benchmark: ftplib loop (connect, anonymous login, PASV RETR of a $size-byte file, QUIT)"
echo "at most $count sessions or $seconds s per server, in $rounds interleaved turns; one client, 127.0.0.1"
echo "mock via: $mock_how"
for name in "${names[@]}"; do   # warm-up
  /usr/bin/python3 "$loop" 127.0.0.1 "${ports[$name]}" small.txt 20 5 > /dev/null
done
for round in $(seq 0 $(( rounds - 1 ))); do
  for i in 0 1 2; do
    name=${names[$(( (i + round) % 3 ))]}
    /usr/bin/python3 "$loop" 127.0.0.1 "${ports[$name]}" small.txt "$per_count" "$per_seconds" >> "$work/$name.jsonl"
  done
done
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
rates = {}
for name in ("mock", "vsftpd", "pyftpdlib"):
    runs = [json.loads(line) for line in open(os.path.join(work, name + ".jsonl"))]
    sessions = sum(r["sessions"] for r in runs)
    errors = sum(r["errors"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    rates[name] = sessions / seconds if seconds > 0 else 0.0
    turns = " ".join(f"{r['rate']:.0f}" for r in runs)
    line = (f"{name:<10} {rates[name]:>8.1f} sessions/s  ({sessions} sessions in {seconds:.2f} s, "
            f"{errors} errors; per turn: {turns})")
    first = next((r["first_error"] for r in runs if r["first_error"]), "")
    if first:
        line += f"  first error: {first}"
    print(line)
def ratio(a, b):
    return a / b if b > 0 else float("inf")
print(f"ratio mock/vsftpd    {ratio(rates['mock'], rates['vsftpd']):6.2f}x  (goal >= 5)")
print(f"ratio mock/pyftpdlib {ratio(rates['mock'], rates['pyftpdlib']):6.2f}x  (goal >= 1.5)")
PY
touch "$work/stop"
