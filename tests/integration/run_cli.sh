#!/usr/bin/env bash
# `replycheck run` and `lint` on the command line: exit codes 0/1/2, located errors, sharding,
# tags, filters, --list, secrets, NO_COLOR, timeouts.
set -uo pipefail
rc=${REPLYCHECK:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
mkdir -p www
echo "<p>cli</p>" > www/index.html
cat > replycheck.toml <<'TOML'
default_target = "local"
[targets.local]
TOML
cat > pass.toml <<'TOML'
[mock.http]
root = "www"
[suite]
name = "cli"
tags = ["cli"]
[[scenario]]
name = "one"
tags = ["first"]
  [[scenario.step]]
  request = { url = "${http}/index.html", headers = { Authorization = "Bearer ${token}" } }
  expect = { status = 200, body = { contains = "cli" } }
[[scenario]]
name = "two"
  [[scenario.step]]
  request = "GET ${http}/index.html"
  expect = { status = 200 }
[[scenario]]
name = "three"
  [[scenario.step]]
  request = "GET ${http}/missing"
  expect = { status = 404 }
TOML
cat > failing.toml <<'TOML'
[mock.http]
root = "www"
[[scenario]]
name = "wants 201 with token ${token}"
  [[scenario.step]]
  request = { url = "${http}/index.html", headers = { X-Api-Key = "${token}" } }
  expect = { status = 201 }
TOML
cat > broken.toml <<'TOML'
[[scenario]]
name = "x"
  [[scenario.step]]
  request = { url = "/", methd = "GET" }
TOML

# 0: all passed
"$rc" run pass.toml --secret token=abc123 >out.txt 2>&1 || fail "passing run: exit $?"
grep -q "3 passed" out.txt || fail "expected 3 passed"

# 1: a scenario failed; the secret is masked on the console and in the report
NO_COLOR=1 "$rc" run failing.toml --secret token=t0ps3cret --report-json r.json >out.txt 2>&1
[ $? -eq 1 ] || fail "failing run must exit 1"
grep -q "expected status 201, got 200" out.txt || fail "failure message missing"
grep -q t0ps3cret out.txt r.json && fail "secret printed"
grep -q $'\033\[' out.txt && fail "colour although NO_COLOR"

# 2: an invalid file stops everything, located and with a hint
"$rc" run pass.toml broken.toml >out.txt 2>&1
[ $? -eq 2 ] || fail "invalid file must exit 2"
grep -q "broken.toml:4:26: unknown key 'methd' in 'request' (did you mean 'method'?)" out.txt || { cat out.txt; fail "error not located"; }
grep -q "PASS" out.txt && fail "something ran although a file was invalid"
"$rc" lint broken.toml >/dev/null 2>&1; [ $? -eq 2 ] || fail "lint of an invalid file must exit 2"
"$rc" lint pass.toml failing.toml --var token=x | grep -q "2 files OK: 4 scenarios" || fail "lint summary"
"$rc" run pass.toml --target nosuch >out.txt 2>&1; [ $? -eq 2 ] || fail "unknown target must exit 2"
grep -q "unknown target 'nosuch'" out.txt || fail "unknown target message"
"$rc" run pass.toml --shard 3/2 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad shard must exit 2"
"$rc" run pass.toml --timeout soon >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad timeout must exit 2"

# selection: tags, filter, shards (also from CI_NODE_INDEX/CI_NODE_TOTAL)
[ "$("$rc" run pass.toml --list --tags first | wc -l)" -eq 1 ] || fail "--tags"
[ "$("$rc" run pass.toml --list --exclude-tags first | wc -l)" -eq 2 ] || fail "--exclude-tags"
[ "$("$rc" run pass.toml --list --filter 'tw|thr' | wc -l)" -eq 2 ] || fail "--filter"
a=$("$rc" run pass.toml --list --shard 1/2) b=$("$rc" run pass.toml --list --shard 2/2)
[ "$(printf '%s\n%s\n' "$a" "$b" | sort -u | wc -l)" -eq 3 ] || fail "shards must cover every scenario once"
c=$(CI_NODE_INDEX=2 CI_NODE_TOTAL=2 "$rc" run pass.toml --list)
[ "$c" = "$b" ] || fail "CI_NODE_INDEX/CI_NODE_TOTAL not used"
"$rc" run pass.toml --shard 2/2 --secret token=x >out.txt 2>&1 || fail "shard run"
grep -q "1 passed" out.txt || fail "shard 2/2 runs one scenario"

# a server that never answers: the step times out, the run ends with 1 in bounded time
python3 - <<'PY' &
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
open("silent.port", "w").write(str(s.getsockname()[1]))
held = []
s.settimeout(0.2)
end = time.time() + 20
while time.time() < end:
    try: held.append(s.accept()[0])
    except OSError: pass
PY
silent=$!
for _ in $(seq 1 50); do [ -s silent.port ] && break; sleep 0.1; done
port=$(cat silent.port)
cat > silent.toml <<TOML
[[scenario]]
name = "silent"
  [[scenario.step]]
  request = "GET http://127.0.0.1:$port/"
TOML
start=$(date +%s)
"$rc" run silent.toml --timeout 500ms >out.txt 2>&1; status=$?
kill $silent 2>/dev/null
[ $status -eq 1 ] || fail "timeout must exit 1, got $status"
[ $(( $(date +%s) - start )) -le 5 ] || fail "timeout took too long"
grep -qi "ERROR" out.txt || fail "timeout not reported as an error"
echo ok
