#!/usr/bin/env bash
# FTPS session benchmark (RFC 4217): the same Python ftplib.FTP_TLS driver against the replycheck
# FTP mock and vsftpd with TLS, both on 127.0.0.1 with the same certificate and key. One session:
# connect, AUTH TLS, anonymous login, PBSZ 0, PROT P, TYPE I, PASV RETR of a small file over a
# protected data connection, QUIT. Prints sessions/s for each, the ratio (goal: >= 5x vsftpd),
# and per-session CPU of each server and of the driver, so a saturated driver shows.
#
#   tests/bench/ftps_mock_bench.sh [COUNT] [SECONDS]   (defaults: 600 sessions or 10 s per server)
#   PROCS=N (default 2): driver processes per server; ROUNDS=N (default 3): interleaved turns
#
# Server CPU: utime + stime of the server process and of its reaped children (vsftpd forks one
# process per session), from /proc/PID/stat before and after each turn.
set -euo pipefail

count=${1:-600}
seconds=${2:-10}
procs=${PROCS:-2}
rounds=${ROUNDS:-3}
here=$(cd "$(dirname "$0")" && pwd)
source_dir=${REPLYCHECK_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
binary_dir=${REPLYCHECK_BINARY_DIR:-$source_dir/build}
replycheck=${REPLYCHECK:-$binary_dir/harness/cli/replycheck}
[ -x "$replycheck" ] || { echo "ftps_mock_bench: $replycheck is not built" >&2; exit 77; }

work=$(mktemp -d /tmp/replycheck-ftps-bench.XXXXXX)
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  "$source_dir/ci/servers/stop" "$work/vsftpd" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# A root the vsftpd anonymous user may read: root-owned, world-readable.
mkdir -p "$work/root"
printf 'replycheck benchmark file: a few hundred bytes of text.\n%.0s' $(seq 1 8) > "$work/root/small.txt"
chmod 755 "$work/root" "$work"
chmod 644 "$work/root/small.txt"
size=$(stat -c %s "$work/root/small.txt")

# One certificate for both servers (RSA 2048, names localhost and 127.0.0.1).
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
chmod 644 "$work/cert.pem" "$work/key.pem"

# --- the servers --------------------------------------------------------------------------------
"$replycheck" mock --ftp 127.0.0.1:0 --ftps 127.0.0.1:0 --ftp-root "$work/root" --anonymous \
  --cert "$work/cert.pem" --key "$work/key.pem" > "$work/mock.out" 2>&1 &
mock_pid=$!
mock_port=""
for _ in $(seq 1 100); do   # bounded: 10 s
  mock_port=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/mock.out" | head -1)
  [ -n "$mock_port" ] && break
  sleep 0.1
done
[ -n "$mock_port" ] || { echo "ftps_mock_bench: the mock did not start" >&2; cat "$work/mock.out" >&2; exit 3; }
vsftpd_port=$("$source_dir/ci/servers/start" vsftpd "$work/vsftpd" "$work/root" --tls "$work/cert.pem" "$work/key.pem" |
  sed -n 's/^ftp 127\.0\.0\.1://p')
[ -n "$vsftpd_port" ] || { echo "ftps_mock_bench: vsftpd did not start (ci/deps installs it)" >&2; exit 77; }
vsftpd_pid=$(ss -ltnpH "sport = :$vsftpd_port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
declare -A ports=([mock]=$mock_port [vsftpd]=$vsftpd_port)
declare -A pids=([mock]=$mock_pid [vsftpd]=$vsftpd_pid)

# The driver: PROCS processes, each at most COUNT/PROCS sessions or SECONDS; one JSON line.
cat > "$work/loop.py" <<'PY'
import ftplib, io, json, multiprocessing, os, ssl, sys, time

port, name, count, seconds, procs, cafile = (int(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                                             float(sys.argv[4]), int(sys.argv[5]), sys.argv[6])

def worker(queue):
    context = ssl.create_default_context(cafile=cafile)
    start = time.monotonic()            # the workers' own time: process start-up is not counted
    sessions = errors = 0
    first_error = ""
    deadline = time.monotonic() + seconds
    per = (count + procs - 1) // procs
    while sessions + errors < per and time.monotonic() < deadline:
        try:
            ftp = ftplib.FTP_TLS(context=context, timeout=10)
            ftp.connect("127.0.0.1", port)
            ftp.auth()
            ftp.login()                 # anonymous
            ftp.prot_p()                # PBSZ 0, PROT P
            ftp.voidcmd("TYPE I")
            data = io.BytesIO()
            ftp.retrbinary("RETR " + name, data.write)
            ftp.quit()
            sessions += 1
        except Exception as error:      # counted, the loop goes on
            errors += 1
            first_error = first_error or repr(error)[:200]
    times = os.times()
    queue.put((sessions, errors, first_error, times.user + times.system, time.monotonic() - start))

queue = multiprocessing.Queue()
workers = [multiprocessing.Process(target=worker, args=(queue,)) for _ in range(procs)]
for w in workers: w.start()
results = [queue.get(timeout=seconds + 60) for _ in workers]
for w in workers: w.join(timeout=10)
elapsed = max(r[4] for r in results)
print(json.dumps({"sessions": sum(r[0] for r in results), "errors": sum(r[1] for r in results),
                  "first_error": next((r[2] for r in results if r[2]), ""),
                  "client_cpu": sum(r[3] for r in results), "seconds": elapsed}))
PY

# CPU seconds of a process and its reaped children (/proc/PID/stat fields 14-17).
cpu_of() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13 + $14 + $15) / hz }' "/proc/$1/stat"
}

echo "FTPS session benchmark: ftplib.FTP_TLS (connect, AUTH TLS, anonymous login, PBSZ 0, PROT P,"
echo "PASV RETR of a $size-byte file over TLS, QUIT); same certificate (RSA 2048) for both servers"
echo "at most $count sessions or $seconds s per server, $procs driver processes, $rounds interleaved turns; 127.0.0.1"
for name in mock vsftpd; do   # warm-up
  /usr/bin/python3 "$work/loop.py" "${ports[$name]}" small.txt 10 5 1 "$work/cert.pem" > /dev/null
done
per_count=$(( (count + rounds - 1) / rounds ))
per_seconds=$(/usr/bin/python3 -c "print($seconds / $rounds)")
for round in $(seq 0 $(( rounds - 1 ))); do
  for i in 0 1; do
    names=(mock vsftpd)
    name=${names[$(( (i + round) % 2 ))]}
    before=$(cpu_of "${pids[$name]}")
    line=$(/usr/bin/python3 "$work/loop.py" "${ports[$name]}" small.txt "$per_count" "$per_seconds" "$procs" "$work/cert.pem")
    sleep 0.3   # vsftpd reaps its session processes
    after=$(cpu_of "${pids[$name]}")
    /usr/bin/python3 -c "import json,sys; d=json.loads(sys.argv[1]); d['server_cpu']=float(sys.argv[3])-float(sys.argv[2]); print(json.dumps(d))" \
      "$line" "$before" "$after" >> "$work/$name.jsonl"
  done
done
/usr/bin/python3 - "$work" "$procs" <<'PY'
import json, os, sys
work, procs = sys.argv[1], int(sys.argv[2])
rates, cpu = {}, {}
for name in ("mock", "vsftpd"):
    runs = [json.loads(line) for line in open(os.path.join(work, name + ".jsonl"))]
    sessions = sum(r["sessions"] for r in runs)
    errors = sum(r["errors"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    server_cpu = sum(r["server_cpu"] for r in runs)
    client_cpu = sum(r["client_cpu"] for r in runs)
    rates[name] = sessions / seconds if seconds > 0 else 0.0
    cpu[name] = 1000 * server_cpu / sessions if sessions else float("inf")
    busy = client_cpu / (seconds * procs) if seconds > 0 else 0.0
    line = (f"{name:<7} {rates[name]:>7.1f} sessions/s  ({sessions} sessions in {seconds:.2f} s, {errors} errors)"
            f"  server CPU {cpu[name]:.2f} ms/session, driver CPU {1000 * client_cpu / max(sessions, 1):.2f} ms/session"
            f" ({100 * busy:.0f}% of {procs} processes)")
    first = next((r["first_error"] for r in runs if r["first_error"]), "")
    if first:
        line += f"  first error: {first}"
    print(line)
ratio = rates["mock"] / rates["vsftpd"] if rates["vsftpd"] > 0 else float("inf")
print(f"ratio mock/vsftpd sessions/s  {ratio:6.2f}x  (goal >= 5)")
print(f"ratio vsftpd/mock server CPU per session  {cpu['vsftpd'] / cpu['mock'] if cpu['mock'] > 0 else float('inf'):6.2f}x")
PY
