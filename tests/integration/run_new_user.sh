#!/usr/bin/env bash
# `run` and `lint` as a new user meets them, outside the repository (no replycheck.toml, no
# bundled folders): undefined ${names} as located errors with the way to define them, every
# error of a file at once, every failing expectation of a step in every report, --retry with
# --retry-interval and Retry-After, an empty selection as exit 2, --connect-timeout, --repeat,
# --glob.
set -uo pipefail
rc=${REPLYCHECK:?}
work=$(mktemp -d)
server_pid=
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
# The milliseconds since the epoch, for timings.
now_ms() { date +%s%3N; }

# 1. An undefined variable: a located load error (run and lint), how to define it, a hint.
cat > my.toml <<'TOML'
[[scenario]]
name = "home"
  [[scenario.step]]
  request = "GET ${http}/"
  [[scenario.step]]
  request = "GET ${htp}/x"
TOML
"$rc" run my.toml >out.txt 2>&1; status=$?
[ $status -eq 2 ] || { cat out.txt; fail "undefined variable: run must exit 2, got $status"; }
grep -q "^my.toml:3:3: step 1, url: undefined variable \${http}; give the server with --var http=URL, choose a target with --target NAME (no replycheck.toml found here or above the scenario files), or add a \[mock\] section to this file$" out.txt \
  || { cat out.txt; fail "no located message for \${http}"; }
grep -q "^my.toml:5:3: step 2, url: undefined variable \${htp} (did you mean \${http}?)" out.txt || fail "no hint for \${htp}"
grep -q "unknown variable" out.txt && fail "the old runtime message came instead of a load error"
"$rc" lint my.toml >out.txt 2>&1; [ $? -eq 2 ] || fail "lint of undefined variables must exit 2"
grep -q "^2 errors in 1 file$" out.txt || { cat out.txt; fail "lint must count both undefined variables"; }
"$rc" lint my.toml --var http=http://127.0.0.1:9 --var htp=x >out.txt 2>&1 || { cat out.txt; fail "lint --var must define the variables"; }
grep -q "^1 file OK: 1 scenario, 2 steps$" out.txt || fail "lint summary wording"
printf 'http = "http://127.0.0.1:9"\nhtp = "x"\n' > vars.toml
"$rc" lint my.toml --vars-file vars.toml >/dev/null 2>&1 || fail "lint --vars-file must define the variables"
mkdir proj && printf '[targets.staging.vars]\nhttp = "http://127.0.0.1:9"\nhtp = "y"\n' > proj/replycheck.toml
cp my.toml proj/
"$rc" lint proj/my.toml --target staging >/dev/null 2>&1 || fail "lint --target must define the target's variables"
"$rc" lint proj/my.toml >out.txt 2>&1; [ $? -eq 2 ] || fail "lint without the target must exit 2"
grep -q "targets in .*proj/replycheck.toml: staging" out.txt || { cat out.txt; fail "the message must name the replycheck.toml searched"; }

# 2. lint reports every error of a file; an unterminated string says so.
cat > three.toml <<'TOML'
[[scenario]]
name = "a"
  [[scenario.step]]
  request = { url = "/", methd = "GET" }
[[scenario]]
name = "b"
  [[scenario.step]]
  request = "GET /"
  expect = { status = "abc", bdy = "x", header = {} }
  timeout = 5
TOML
printf '[[scenario]]\nname = "x\n' > open.toml
"$rc" lint three.toml open.toml >out.txt 2>&1; [ $? -eq 2 ] || fail "lint of invalid files must exit 2"
grep -q "^three.toml:4:26: unknown key 'methd'" out.txt || { cat out.txt; fail "first error missing"; }
grep -q "^three.toml:9:23: invalid 'status' value" out.txt || { cat out.txt; fail "second error missing"; }
grep -q "^three.toml:9:30: unknown key 'bdy' in 'expect' (did you mean 'body'?)" out.txt || { cat out.txt; fail "third error missing"; }
grep -q "^three.toml:9:41: unknown key 'header' in 'expect'" out.txt || { cat out.txt; fail "fourth error missing"; }
grep -q "^three.toml:10:13: a duration needs a unit" out.txt || { cat out.txt; fail "fifth error missing"; }
grep -q "^open.toml:2:8: unterminated string" out.txt || { cat out.txt; fail "unterminated string not named"; }
grep -q "control character" out.txt && fail "toml++'s words for an unterminated string"
grep -q "^6 errors in 2 files$" out.txt || fail "error count"
# Undefined variables of a valid file come in the same round as another file's errors.
"$rc" lint three.toml my.toml >out.txt 2>&1; [ $? -eq 2 ] || fail "lint of two files must exit 2"
grep -q "^my.toml:5:3: step 2, url: undefined variable \${htp}" out.txt || { cat out.txt; fail "undefined variables left for a second round"; }
grep -q "^7 errors in 2 files$" out.txt || { cat out.txt; fail "error count of two files"; }

# 3. Every failing expectation of a step, in console, JUnit, JSON and HTML.
mkdir -p www && echo hi > www/index.html
cat > busy.toml <<'TOML'
[mock.http]
root = "www"
[[mock.http.script]]
match = { path = "/busy" }
reply = { status = 503, headers = { Retry-After = "1" }, body = "busy" }
[[mock.http.script]]
match = { path = "/broken" }
reply = { status = 500 }
[suite]
tags = ["net"]
[[scenario]]
name = "busy"
tags = ["busy"]
  [[scenario.step]]
  request = "GET ${http}/busy"
  expect = { status = 200, headers = { X-Missing = "1" }, body = { contains = "ok" } }
[[scenario]]
name = "broken"
  [[scenario.step]]
  request = "GET ${http}/broken"
  expect = { status = 200 }
TOML
NO_COLOR=1 "$rc" run busy.toml --tags busy --report-junit r.xml --report-json r.json --report-html r.html >out.txt 2>&1
[ $? -eq 1 ] || fail "failing run must exit 1"
all='3 expectations failed: expected status 200, got 503; header X-Missing missing; body does not contain'
for f in out.txt r.xml r.json r.html; do grep -q "$all" "$f" || { cat out.txt; fail "$f does not list every failing expectation"; }; done
grep -q "^1 scenario in 1 suite" out.txt || fail "summary wording must be singular"

# 4. --retry waits --retry-interval, or what Retry-After asks.
start=$(now_ms)
"$rc" run busy.toml --tags busy --retry 1 --retry-interval 0s >/dev/null 2>&1
took=$(( $(now_ms) - start ))
[ $took -ge 950 ] || fail "Retry-After: 1 not honoured (${took} ms)"
start=$(now_ms)
"$rc" run busy.toml --filter broken --retry 2 --retry-interval 1500ms >out.txt 2>&1
took=$(( $(now_ms) - start ))
grep -q "3 attempts" out.txt || { cat out.txt; fail "--retry 2 must make 3 attempts"; }
# Two waits of 1.5 s: at least 3 s, which the default interval (1 s) cannot reach.
{ [ $took -ge 2990 ] && [ $took -lt 20000 ]; } || fail "--retry-interval 1500ms: two waits expected, took ${took} ms"
"$rc" run busy.toml --retry-interval soon >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --retry-interval must exit 2"

# 5. Selecting nothing is exit 2 with the known tags; --allow-empty opts out.
"$rc" run busy.toml --tags bsy >out.txt 2>&1; [ $? -eq 2 ] || fail "--tags with no match must exit 2"
grep -q "no scenario selected (2 scenarios in 1 file, by --tags bsy)" out.txt || { cat out.txt; fail "empty selection message"; }
grep -q "known tags: busy, net" out.txt || fail "known tags not listed"
"$rc" run busy.toml --tags bsy --allow-empty >/dev/null 2>&1 || fail "--allow-empty must exit 0"
"$rc" run busy.toml --glob 'nothing*' >/dev/null 2>&1; [ $? -eq 2 ] || fail "--glob with no match must exit 2"

# --glob and --repeat: only matching files, each pass reported as repeated scenarios.
cp busy.toml other.toml
"$rc" run --glob 'bu*.toml' --filter broken --repeat 3 . >out.txt 2>&1
[ "$(grep -c '^FAIL  broken (./busy.toml)' out.txt)" -eq 3 ] || { cat out.txt; fail "--repeat 3 must run the scenario three times"; }
grep -q other.toml out.txt && fail "--glob let another file run"
grep -q "^3 scenarios in 1 suite" out.txt || fail "--repeat summary"

# --connect-timeout: a loopback listener whose queue is full answers no SYN.
if command -v python3 >/dev/null; then
  python3 - >port.txt <<'PY' &
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
print(s.getsockname()[1]); sys.stdout.flush()
held = []
for _ in range(4):   # fill the accept queue (never accepted)
    c = socket.socket(); c.setblocking(False)
    try: c.connect(("127.0.0.1", s.getsockname()[1]))
    except BlockingIOError: pass
    held.append(c)
time.sleep(30)
PY
  server_pid=$!
  for _ in $(seq 1 50); do [ -s port.txt ] && break; sleep 0.1; done
  port=$(cat port.txt)
  [ -n "$port" ] || fail "the listener with a full queue did not start"
  printf '[[scenario]]\nname = "slow connect"\n  [[scenario.step]]\n  request = "GET http://127.0.0.1:%s/"\n  expect = { status = 200 }\n' "$port" > connect.toml
  start=$(now_ms)
  "$rc" run connect.toml --connect-timeout 300ms --timeout 30s >out.txt 2>&1; status=$?
  took=$(( $(now_ms) - start ))
  [ $status -eq 1 ] || { cat out.txt; fail "a connect that times out must fail the scenario (exit $status)"; }
  grep -q "step 1: timeout: " out.txt || { cat out.txt; fail "the step must end in a connect timeout"; }
  # Under the default connect timeout (3 s), far under --timeout (30 s).
  [ $took -lt 2900 ] || fail "--connect-timeout 300ms not honoured (${took} ms)"
  "$rc" run connect.toml --connect-timeout nope >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --connect-timeout must exit 2"
fi
echo ok
