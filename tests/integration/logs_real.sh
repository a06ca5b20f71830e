#!/usr/bin/env bash
# `replycheck logs` on logs written by real servers: first the committed samples
# (tests/fixtures/logs/real), then fresh logs from nginx, vsftpd, proftpd and pure-ftpd started
# here on loopback and driven by real_traffic.py. The counts it reports must equal the codes the
# traffic provoked (per HTTP status; per FTP command and reply), with 0 malformed lines, and the
# anonymous password the FTP servers log must appear nowhere in its output.
# Exit 77 when one of the four servers cannot be started here (after the sample checks pass).
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
driver="$src/tests/integration/real_traffic.py"
fixtures="$src/tests/fixtures/logs/real"
canary="canary-7f3e@example.org"   # real_traffic.py's anonymous password
work=$(mktemp -d)
chmod 755 "$work"                  # proftpd reaches the served folder as the 'ftp' account
servers=(nginx vsftpd proftpd pure-ftpd)
cleanup() {
  for s in "${servers[@]}"; do "$src/ci/servers/stop" "$work/$s"; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0

# check NAME LOG MODE TRAFFIC.json [N]: replycheck logs (text and --json) on LOG, compared.
check() {
  local name=$1 log=$2 mode=$3 traffic=$4 n=${5:-}
  local status
  NO_COLOR=1 timeout 60 "$rc" logs --json "$log" > "$work/$name.json" 2> "$work/$name.err"
  status=$?
  if [ $status -ne 0 ]; then
    echo "FAIL: $name: replycheck logs --json exit $status"; head -5 "$work/$name.err"
    failures=$((failures + 1)); return
  fi
  NO_COLOR=1 timeout 60 "$rc" logs "$log" > "$work/$name.txt" 2>> "$work/$name.err"
  if grep -qF "$canary" "$work/$name.json" "$work/$name.txt" "$work/$name.err"; then
    echo "FAIL: $name: the logged anonymous password appears in replycheck logs' output"
    failures=$((failures + 1)); return
  fi
  if python3 "$driver" check-logs "$mode" "$traffic" "$work/$name.json" $n; then
    echo "ok: $name ($(head -1 "$work/$name.txt"))"
  else
    echo "FAIL: $name: counts differ from the traffic"; cat "$work/$name.txt"
    failures=$((failures + 1))
  fi
}

# 1. The committed samples against the traffic that made them.
check sample-nginx "$fixtures/nginx-access.log" http "$fixtures/nginx-traffic.json"
check sample-vsftpd "$fixtures/vsftpd.log" ftp-greeting "$fixtures/vsftpd-traffic.json"
check sample-proftpd "$fixtures/proftpd-extended.log" ftp "$fixtures/proftpd-traffic.json"
# Transfer logs: vsftpd logs the failed RETR too (3), proftpd and pure-ftpd the 2 complete ones.
check sample-vsftpd-xferlog "$fixtures/vsftpd-xferlog" transfers "$fixtures/vsftpd-traffic.json" 3
check sample-proftpd-xferlog "$fixtures/proftpd-xferlog" transfers "$fixtures/proftpd-traffic.json" 2
check sample-pure-ftpd-w3c "$fixtures/pure-ftpd-w3c.log" transfers "$fixtures/pure-ftpd-traffic.json" 2
check sample-pure-ftpd-clf "$fixtures/pure-ftpd-clf.log" transfers "$fixtures/pure-ftpd-traffic.json" 2

# Two sessions from one client with their commands alternating: vsftpd's pids tell them apart
# (each login's 230 comes from a new pid), so every reply must still meet its own command.
# proftpd's ExtendedLog cannot tell them apart; the counts by command must hold all the same.
check sample-vsftpd-interleaved "$fixtures/vsftpd-interleaved.log" ftp-greeting "$fixtures/vsftpd-interleaved-traffic.json"
check sample-proftpd-interleaved "$fixtures/proftpd-interleaved.log" ftp "$fixtures/proftpd-interleaved-traffic.json"

# 2. Fresh logs from the servers running here.
python3 "$driver" make-root "$work/root"
missing=""
for s in "${servers[@]}"; do
  opts=()
  [ "$s" = nginx ] && opts=(--access-log)
  [ "$s" = vsftpd ] && opts=(--anon-password)
  timeout 30 "$src/ci/servers/start" "$s" "$work/$s" "$work/root" "${opts[@]}" > "$work/$s.addr" 2> "$work/$s.start"
  status=$?
  if [ $status -eq 77 ]; then missing+=" $s"; continue; fi
  [ $status -eq 0 ] || { echo "FAIL: $s did not start"; cat "$work/$s.start"; failures=$((failures + 1)); continue; }
  scheme=ftp
  [ "$s" = nginx ] && scheme=http
  timeout 90 python3 "$driver" "$scheme" "$scheme://$(cut -d' ' -f2 "$work/$s.addr")" > "$work/$s.traffic.json" ||
    { echo "FAIL: traffic to $s"; failures=$((failures + 1)); }
done

# Servers write a session's last lines after its QUIT (proftpd's xferlog at session end):
# wait, bounded, for the last line each log must hold.
wait_for_line() {  # FILE TEXT
  for _ in $(seq 1 50); do grep -qF "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 0
}
[ -f "$work/vsftpd/vsftpd.log" ] && wait_for_line "$work/vsftpd/vsftpd.log" '"221 '
[ -f "$work/proftpd.traffic.json" ] && wait_for_line "$work/proftpd/xferlog" "b.txt"
[ -f "$work/pure-ftpd.traffic.json" ] && wait_for_line "$work/pure-ftpd/w3c.log" "b.txt"
sleep 0.3

[ -s "$work/nginx.traffic.json" ] && check fresh-nginx "$work/nginx/access.log" http "$work/nginx.traffic.json"
if [ -s "$work/vsftpd.traffic.json" ]; then
  check fresh-vsftpd "$work/vsftpd/vsftpd.log" ftp-greeting "$work/vsftpd.traffic.json"
  check fresh-vsftpd-xferlog "$work/vsftpd/xferlog" transfers "$work/vsftpd.traffic.json" 3
fi
if [ -s "$work/proftpd.traffic.json" ]; then
  check fresh-proftpd "$work/proftpd/extended.log" ftp "$work/proftpd.traffic.json"
  check fresh-proftpd-xferlog "$work/proftpd/xferlog" transfers "$work/proftpd.traffic.json" 2
fi
[ -s "$work/pure-ftpd.traffic.json" ] &&
  check fresh-pure-ftpd-w3c "$work/pure-ftpd/w3c.log" transfers "$work/pure-ftpd.traffic.json" 2

if [ $failures -ne 0 ]; then echo "FAIL: $failures checks failed"; exit 1; fi
if [ -n "$missing" ]; then echo "skipped: not available here:$missing (run ci/deps)"; exit 77; fi
echo ok
