#!/usr/bin/env bash
# HTTPS throughput of the mock against nginx (one worker, `ci/servers/start nginx ... --tls`) on
# the same machine, same run: the same certificate and key (EC P-256, made here by openssl), the
# same 1 KiB file, the same wrk settings (wrk -t1 -c16, keep-alive: the handshakes are few, the
# records many). The mock runs one thread. Prints requests/s of each and the ratio mock/nginx.
# The two take turns for BENCH_ROUNDS rounds (default 2) and the best of each counts, so a load
# drift on a shared machine hits both alike. wrk's one thread does TLS too and may be what limits
# both, so the CPU time each server spent per 1000 requests (utime + stime of the mock process
# and of nginx's worker, from /proc) is printed as well. Bounded: about 2 x ROUNDS x DURATION + 10 s.
#
#   tests/bench/https_mock_bench.sh          # REPLYCHECK=path/to/replycheck (a Release build)
#   BENCH_DURATION=10s BENCH_ROUNDS=3 tests/bench/https_mock_bench.sh
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
REPLYCHECK=${REPLYCHECK:-${REPLYCHECK_BINARY_DIR:-$src/build}/harness/cli/replycheck}
duration=${BENCH_DURATION:-5s}
rounds=${BENCH_ROUNDS:-2}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 77; }
command -v nginx >/dev/null || { echo "nginx is not installed" >&2; exit 77; }
command -v openssl >/dev/null || { echo "openssl is not installed" >&2; exit 77; }
[ -x "$REPLYCHECK" ] || { echo "no replycheck binary at $REPLYCHECK (set REPLYCHECK)" >&2; exit 2; }

work=$(mktemp -d)
mock_pid=""
cleanup() {
    [ -n "$mock_pid" ] && kill -TERM "$mock_pid" 2>/dev/null
    [ -d "$work/nginx" ] && "$src/ci/servers/stop" "$work/nginx" >/dev/null 2>&1
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www"
python3 -c 'import sys; sys.stdout.write(("replycheck benchmark payload " * 40)[:1024])' > "$work/www/small.txt"
# One certificate for both servers, for 127.0.0.1 (wrk does not verify it; the key type decides
# the handshake cost, so both pay the same).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null \
    || { echo "openssl could not make the certificate" >&2; exit 3; }

cat > "$work/mock.toml" <<TOML
[mock.http]
listen = "127.0.0.1:0"
https = "127.0.0.1:0"
root = "www"
threads = 1

[mock.tls]
cert = "cert.pem"
key = "key.pem"
TOML
"$REPLYCHECK" mock "$work/mock.toml" > "$work/mock.out" 2> "$work/mock.err" &
mock_pid=$!
mock_port=""
for _ in $(seq 1 100); do
    mock_port=$(sed -n 's/^https 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/mock.out" | head -n1)
    [ -n "$mock_port" ] && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$mock_port" ] || { echo "mock did not start: $(cat "$work/mock.err")" >&2; exit 3; }

line=$("$src/ci/servers/start" nginx "$work/nginx" "$work/www" --tls "$work/cert.pem" "$work/key.pem") \
    || { echo "nginx did not start with --tls" >&2; exit 3; }
nginx_port=${line##*:}
# The one worker is the only child of the master nginx ci/servers/start wrote down.
nginx_worker=$(pgrep -P "$(cat "$work/nginx/pid")" | head -n1)
[ -n "$nginx_worker" ] || { echo "no nginx worker process" >&2; exit 3; }

# CPU clock ticks (user + system) a process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Runs wrk against URL served by process PID; prints "REQUESTS/S CPU-MS-PER-1000-REQUESTS"
# (fails when any reply was not 2xx or wrk failed).
measure() {
    local url=$1 pid=$2 out before after
    before=$(cpu_ticks "$pid")
    out=$(timeout 60 wrk -t1 -c16 -d"$duration" "$url" 2>&1) || { echo "wrk failed on $url" >&2; echo "$out" >&2; return 1; }
    after=$(cpu_ticks "$pid")
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx replies from $url" >&2; echo "$out" >&2; return 1; fi
    if grep -q "Socket errors" <<<"$out"; then echo "socket errors on $url:" >&2; grep "Socket errors" <<<"$out" >&2; fi
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        /requests in/ { n = $1 } /Requests\/sec:/ { rps = $2 }
        END { printf "%s %.1f\n", rps, (n > 0 ? ticks * 1000 / hz * 1000 / n : 0) }' <<<"$out"
}

# Both must really serve the file over TLS before anything is measured.
for port in "$mock_port" "$nginx_port"; do
    body=$(curl -s --max-time 5 --cacert "$work/cert.pem" "https://127.0.0.1:$port/small.txt")
    [ "$body" = "$(cat "$work/www/small.txt")" ] || { echo "https://127.0.0.1:$port/small.txt did not serve the file" >&2; exit 3; }
done
timeout 10 wrk -t1 -c16 -d1s "https://127.0.0.1:$nginx_port/small.txt" >/dev/null 2>&1
timeout 10 wrk -t1 -c16 -d1s "https://127.0.0.1:$mock_port/small.txt" >/dev/null 2>&1

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
nginx_best=0 mock_best=0 nginx_cpu=1e9 mock_cpu=1e9
for round in $(seq 1 "$rounds"); do
    read -r n n_cpu < <(measure "https://127.0.0.1:$nginx_port/small.txt" "$nginx_worker") || exit 1
    read -r m m_cpu < <(measure "https://127.0.0.1:$mock_port/small.txt" "$mock_pid") || exit 1
    [ -n "$n" ] && [ -n "$m" ] || exit 1
    printf 'round %s: nginx %s req/s (%s ms CPU per 1000), mock %s req/s (%s ms CPU per 1000)\n' \
        "$round" "$n" "$n_cpu" "$m" "$m_cpu"
    nginx_best=$(best "$nginx_best" "$n")
    mock_best=$(best "$mock_best" "$m")
    nginx_cpu=$(least "$nginx_cpu" "$n_cpu")
    mock_cpu=$(least "$mock_cpu" "$m_cpu")
done

printf 'wrk -t1 -c16 -d%s over HTTPS (same EC P-256 certificate), 1 KiB static file; mock threads=1, nginx worker_processes=1; best of %s rounds\n' \
    "$duration" "$rounds"
printf '%-24s %12s req/s %8s ms CPU per 1000 requests\n' "nginx https" "$nginx_best" "$nginx_cpu"
printf '%-24s %12s req/s %8s ms CPU per 1000 requests   ratio %.2fx nginx (CPU per request %.2fx nginx)\n' \
    "mock https" "$mock_best" "$mock_cpu" \
    "$(awk -v a="$mock_best" -v b="$nginx_best" 'BEGIN { print a / b }')" \
    "$(awk -v a="$mock_cpu" -v b="$nginx_cpu" 'BEGIN { print (b > 0 ? a / b : 0) }')"
