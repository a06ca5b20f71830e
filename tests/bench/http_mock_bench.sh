#!/usr/bin/env bash
# Throughput of the mock HTTP server against nginx (one worker) on the same machine, same run:
# wrk -t1 -c16 on a small static file served by both, and on a rule reply served by the mock.
# The mock runs twice, plain and with its admin API on (`--admin`), to show the admin listener
# costs the request path nothing. Prints requests/s of each, the ratio mock/nginx and the ratio
# admin-on/plain. The measurements take turns for BENCH_ROUNDS rounds (default 2) and the best
# of each counts, so a load drift on a shared machine hits every server alike. Bounded: about
# 5 x ROUNDS x DURATION + 10 s.
#
#   tests/bench/http_mock_bench.sh            # REPLYCHECK=path/to/replycheck (a Release build)
#   BENCH_DURATION=10s BENCH_ROUNDS=3 tests/bench/http_mock_bench.sh
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
REPLYCHECK=${REPLYCHECK:-${REPLYCHECK_BINARY_DIR:-$src/build}/harness/cli/replycheck}
duration=${BENCH_DURATION:-5s}
threads=${BENCH_MOCK_THREADS:-1}
rounds=${BENCH_ROUNDS:-2}
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 77; }
command -v nginx >/dev/null || { echo "nginx is not installed" >&2; exit 77; }
[ -x "$REPLYCHECK" ] || { echo "no replycheck binary at $REPLYCHECK (set REPLYCHECK)" >&2; exit 2; }

work=$(mktemp -d)
mock_pids=()
nginx_pid=""
cleanup() {
    for pid in "${mock_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    if [ -x "$src/ci/servers/stop" ] && [ -d "$work/nginx" ]; then "$src/ci/servers/stop" "$work/nginx" >/dev/null 2>&1; fi
    [ -n "$nginx_pid" ] && kill -TERM "$nginx_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www"
# A small static file (1 KiB of text), the same bytes for both servers.
python3 -c 'import sys; sys.stdout.write(("replycheck benchmark payload " * 40)[:1024])' > "$work/www/small.txt"

# The mock: the root plus one rule reply.
cat > "$work/mock.toml" <<TOML
[mock.http]
listen = "127.0.0.1:0"
root = "www"
threads = $threads

[[mock.http.script]]
match = { method = "GET", path = "/rule" }
reply = { status = 200, headers = { Content-Type = "text/plain" }, body = "rule reply\n" }
TOML
# Starts the mock (extra options in "$@") and prints its HTTP port.
start_mock() {
    local name=$1 port=""
    shift
    "$REPLYCHECK" mock "$work/mock.toml" "$@" > "$work/$name.out" 2> "$work/$name.err" &
    mock_pids+=($!)
    for _ in $(seq 1 50); do
        port=$(sed -n 's/^http 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/$name.out" | head -n1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "mock did not start: $(cat "$work/$name.err")" >&2; return 1; }
    echo "$port"
}
mock_port=$(start_mock mock) || exit 3
admin_port=$(start_mock mock-admin --admin 127.0.0.1:0) || exit 3
grep -q '^admin 127.0.0.1:' "$work/mock-admin.out" || { echo "the admin API did not start" >&2; exit 3; }

# nginx with one worker over the same folder.
if [ -x "$src/ci/servers/start" ]; then
    line=$("$src/ci/servers/start" nginx "$work/nginx" "$work/www") || { echo "nginx did not start" >&2; exit 3; }
    nginx_port=${line##*:}
else
    nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$work/nginx-tmp"
    cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx-tmp;
    server { listen 127.0.0.1:$nginx_port; root $work/www; }
}
CONF
    nginx -c "$work/nginx.conf" -p "$work" &
    nginx_pid=$!
    sleep 0.5
fi

# Runs wrk; prints requests/s (fails when any reply was not 2xx or a socket error happened).
measure() {
    local url=$1 out
    out=$(timeout 60 wrk -t1 -c16 -d"$duration" "$url" 2>&1) || { echo "wrk failed on $url" >&2; echo "$out" >&2; return 1; }
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx replies from $url" >&2; echo "$out" >&2; return 1; fi
    awk '/Requests\/sec:/ {print $2}' <<<"$out"
}

# Warm both up (caches, page faults) before measuring.
timeout 10 wrk -t1 -c16 -d1s "http://127.0.0.1:$nginx_port/small.txt" >/dev/null 2>&1
timeout 10 wrk -t1 -c16 -d1s "http://127.0.0.1:$mock_port/small.txt" >/dev/null 2>&1
timeout 10 wrk -t1 -c16 -d1s "http://127.0.0.1:$admin_port/small.txt" >/dev/null 2>&1

best() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
nginx_static=0 mock_static=0 mock_rule=0 admin_static=0 admin_rule=0
for round in $(seq 1 "$rounds"); do
    n=$(measure "http://127.0.0.1:$nginx_port/small.txt") || exit 1
    m=$(measure "http://127.0.0.1:$mock_port/small.txt") || exit 1
    a=$(measure "http://127.0.0.1:$admin_port/small.txt") || exit 1
    r=$(measure "http://127.0.0.1:$mock_port/rule") || exit 1
    ar=$(measure "http://127.0.0.1:$admin_port/rule") || exit 1
    printf 'round %s: nginx %s, mock static %s (admin on %s), mock script %s (admin on %s) req/s\n' \
        "$round" "$n" "$m" "$a" "$r" "$ar"
    nginx_static=$(best "$nginx_static" "$n")
    mock_static=$(best "$mock_static" "$m")
    admin_static=$(best "$admin_static" "$a")
    mock_rule=$(best "$mock_rule" "$r")
    admin_rule=$(best "$admin_rule" "$ar")
done

printf 'wrk -t1 -c16 -d%s, 1 KiB static file; mock threads=%s, nginx worker_processes=1; best of %s rounds\n' \
    "$duration" "$threads" "$rounds"
printf '%-32s %12s req/s\n' "nginx static file" "$nginx_static"
printf '%-32s %12s req/s   ratio %sx nginx\n' "mock static file" "$mock_static" "$(ratio "$mock_static" "$nginx_static")"
printf '%-32s %12s req/s   ratio %sx nginx\n' "mock script reply" "$mock_rule" "$(ratio "$mock_rule" "$nginx_static")"
printf '%-32s %12s req/s   ratio %sx nginx, %sx the plain mock\n' "mock static file, admin on" "$admin_static" \
    "$(ratio "$admin_static" "$nginx_static")" "$(ratio "$admin_static" "$mock_static")"
printf '%-32s %12s req/s   ratio %sx nginx, %sx the plain mock\n' "mock script reply, admin on" "$admin_rule" \
    "$(ratio "$admin_rule" "$nginx_static")" "$(ratio "$admin_rule" "$mock_rule")"
