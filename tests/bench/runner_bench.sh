#!/usr/bin/env bash
# Runner benchmark.
#  1. 1000 HTTP exchanges (250 x {200, 206 range, 304 conditional, 404}) with status checks
#     against a local nginx, sent by replycheck (default --jobs), by one `curl -K` process
#     (sequential, keep-alive) and by newman with an equivalent collection.
#  2. 10,000 one-exchange scenarios against the embedded mock: wall time and peak RSS.
# Goals: replycheck <= 0.5x curl's wall time, >= 50x faster than newman, part 2 <= 3 s and
# <= 150 MB. Use a Release build: REPLYCHECK=build-release/harness/cli/replycheck.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
rc=${REPLYCHECK:-$src/build/harness/cli/replycheck}
[ -x "$rc" ] || { echo "runner_bench: no replycheck binary at $rc (set REPLYCHECK)" >&2; exit 2; }
work=$(mktemp -d)
state="$work/nginx"
cleanup() { "$src/ci/servers/stop" "$state" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
ratio() { echo "scale=3; $1 / $2" | bc -l; }

"$src/ci/servers/start" nginx "$state" "$src/scenarios/www" >/dev/null
port=$(cat "$state/port")
base="http://127.0.0.1:$port"
etag=$(curl -sI "$base/index.html" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
[ -n "$etag" ] || { echo "runner_bench: nginx sent no ETag" >&2; exit 1; }

# The same 1000 exchanges three ways (generated here so all three stay identical).
python3 - "$work" "$base" "$etag" <<'PY'
import json, sys
work, base, etag = sys.argv[1], sys.argv[2], sys.argv[3]
kinds = [
    ("200", "/index.html", {}, 200),
    ("206", "/alphabet.txt", {"Range": "bytes=0-99"}, 206),
    ("304", "/index.html", {"If-None-Match": etag}, 304),
    ("404", "/missing.html", {}, 404),
]
exchanges = [kinds[i % 4] for i in range(1000)]
with open(f"{work}/bench.toml", "w") as f:
    for n, (name, path, headers, status) in enumerate(exchanges):
        hdr = ", ".join(f'{k} = {json.dumps(v)}' for k, v in headers.items())
        f.write(f'[[scenario]]\nname = "{name} #{n}"\n  [[scenario.step]]\n'
                f'  request = {{ url = "${{http}}{path}", headers = {{ {hdr} }} }}\n'
                f'  expect = {{ status = {status} }}\n')
with open(f"{work}/curl.cfg", "w") as f:
    for n, (name, path, headers, status) in enumerate(exchanges):
        if n: f.write("next\n")
        f.write(f'url = "{base}{path}"\noutput = "/dev/null"\nwrite-out = "%{{http_code}}\\n"\n')
        for k, v in headers.items():
            f.write(f'header = "{k}: {v.replace(chr(34), chr(92) + chr(34))}"\n')
with open(f"{work}/expected.txt", "w") as f:
    f.write("".join(f"{s}\n" for (_, _, _, s) in exchanges))
items = []
for n, (name, path, headers, status) in enumerate(exchanges):
    items.append({
        "name": f"{name} #{n}",
        "request": {"method": "GET", "url": base + path,
                    "header": [{"key": k, "value": v} for k, v in headers.items()]},
        "event": [{"listen": "test", "script": {"type": "text/javascript",
                   "exec": [f"pm.test('status', function () {{ pm.response.to.have.status({status}); }});"]}}],
    })
json.dump({"info": {"name": "runner bench",
                    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
           "item": items}, open(f"{work}/collection.json", "w"))
PY

echo "== 1000 HTTP exchanges against nginx (127.0.0.1:$port)"
t0=$(now)
REPLYCHECK_NGINX_PORT=$port "$rc" run "$work/bench.toml" --config "$src/replycheck.toml" --target nginx \
  --no-color >"$work/rc.out" 2>&1 || { tail -20 "$work/rc.out"; echo "replycheck: checks failed" >&2; exit 1; }
t1=$(now)
rc_time=$(elapsed "$t0" "$t1")
tail -1 "$work/rc.out"

t0=$(now)
curl -s -K "$work/curl.cfg" >"$work/curl.out"
t1=$(now)
curl_time=$(elapsed "$t0" "$t1")
cmp -s "$work/curl.out" "$work/expected.txt" || { echo "curl: statuses differ from the expected ones" >&2; exit 1; }

newman_time=""
if command -v newman >/dev/null 2>&1; then
  t0=$(now)
  newman run "$work/collection.json" --silent >"$work/newman.out" 2>&1 || { tail -20 "$work/newman.out"; echo "newman: checks failed" >&2; exit 1; }
  t1=$(now)
  newman_time=$(elapsed "$t0" "$t1")
fi

printf 'replycheck run (default --jobs) %8.3f s\n' "$rc_time"
printf 'curl -K (one process, keep-alive) %7.3f s   replycheck/curl = %s (goal <= 0.5)\n' \
  "$curl_time" "$(ratio "$rc_time" "$curl_time")"
if [ -n "$newman_time" ]; then
  printf 'newman                          %8.3f s   newman/replycheck = %s (goal >= 50)\n' \
    "$newman_time" "$(ratio "$newman_time" "$rc_time")"
else
  echo "newman: not installed (ci/deps --bench)"
fi

echo "== 10,000 one-exchange scenarios against the embedded mock"
python3 - "$work" <<'PY'
import sys
with open(f"{sys.argv[1]}/many.toml", "w") as f:
    for n in range(10000):
        f.write(f'[[scenario]]\nname = "s{n}"\n  [[scenario.step]]\n  request = "GET ${{http}}/index.html"\n'
                f'  expect = {{ status = 200 }}\n')
PY
cd "$src"
/usr/bin/time -v "$rc" run "$work/many.toml" --no-color >"$work/many.out" 2>"$work/time.txt" || {
  tail -5 "$work/many.out"; echo "replycheck: 10k run failed" >&2; exit 1; }
tail -1 "$work/many.out"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$work/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$work/time.txt")
printf 'wall %s (goal <= 3 s), peak RSS %d MB (goal <= 150 MB)\n' "$wall" $((rss / 1024))
