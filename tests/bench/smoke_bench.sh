#!/usr/bin/env bash
# Smoke benchmark: `replycheck smoke URL` (every HTTP probe on one URL, each reply checked)
# against the shell script people write instead: one `curl` per request, printing the status
# and checking nothing. The script is generated from the mock's journal of one smoke run, so
# both send the same methods, targets and headers (requests curl cannot form, such as a bad
# version or a missing Host, are left out of the script, which only favours it).
# Both run against `replycheck mock` on 127.0.0.1, timed by hyperfine in one run.
#
#   tests/bench/smoke_bench.sh [RUNS]      (default 30 runs each; goal: ratio >= 2)
set -euo pipefail
runs=${1:-30}
src=$(cd "$(dirname "$0")/../.." && pwd)
rc=${REPLYCHECK:-$src/build/harness/cli/replycheck}
[ -x "$rc" ] || { echo "smoke_bench: no replycheck binary at $rc (set REPLYCHECK)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "smoke_bench: needs hyperfine (apt-get install hyperfine)" >&2; exit 77; }
work=$(mktemp -d /tmp/replycheck-smoke-bench.XXXXXX)
mock_pid=""
cleanup() { [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/www"
printf '<!doctype html><title>bench</title><p>smoke benchmark page</p>\n' > "$work/www/index.html"
"$rc" mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/journal.jsonl" > "$work/mock.out" 2>&1 &
mock_pid=$!
addr=""
for _ in $(seq 1 100); do   # bounded: 10 s
  addr=$(sed -n 's/^http \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$work/mock.out" | head -1)
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { echo "smoke_bench: the mock did not start" >&2; cat "$work/mock.out" >&2; exit 1; }
url="http://$addr/index.html"

"$rc" smoke --no-color "$url" > "$work/smoke.txt" 2>&1 || { cat "$work/smoke.txt" >&2; exit 1; }
sleep 0.2   # the journal line of the last request is written after its reply

# The curl script: one process per journalled request, same method, target and headers.
python3 - "$work/journal.jsonl" "$addr" > "$work/curl-script.sh" <<'PY'
import json, shlex, sys
journal, addr = sys.argv[1], sys.argv[2]
print("set -u")
count = 0
for line in open(journal):
    entry = json.loads(line)
    method, target = entry.get("method"), entry.get("target")
    if not method or not target or not target.startswith("/") or entry.get("version") != "HTTP/1.1":
        continue
    args = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}\\n", "-X", method]
    if method == "HEAD":
        args = ["curl", "-s", "-I", "-o", "/dev/null", "-w", "%{http_code}\\n"]
    for name, value in entry.get("headers", []):
        if name.lower() not in ("host", "content-length", "transfer-encoding"):
            args += ["-H", f"{name}: {value}"]
    if entry.get("body"):
        args += ["--data-binary", entry["body"]]
    args.append(f"http://{addr}{target}")
    print(" ".join(shlex.quote(a) for a in args))
    count += 1
print(f"# {count} requests", file=sys.stderr)
PY
requests=$(grep -c '' "$work/journal.jsonl")
scripted=$(grep -c '^curl' "$work/curl-script.sh")
echo "replycheck smoke sends $requests requests; the curl script replays $scripted of them"

hyperfine --runs "$runs" --warmup 3 --style basic --export-json "$work/times.json" \
  -n "replycheck smoke" "$rc smoke --no-color $url > /dev/null" \
  -n "curl script" "bash $work/curl-script.sh > /dev/null"

python3 - "$work/times.json" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
ours, peer = results["replycheck smoke"], results["curl script"]
print(f"replycheck smoke {ours * 1000:7.1f} ms   curl script {peer * 1000:7.1f} ms")
print(f"ratio curl-script/replycheck {peer / ours:5.2f}x  (goal >= 2)")
PY
