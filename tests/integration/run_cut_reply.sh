#!/usr/bin/env bash
# `replycheck run` against a peer that cuts its HTTP replies after the status line: a reset or
# a close inside a Content-Length body, a header section that never ends, a chunked body
# without its last chunk. Each step is an error (JUnit <error>, exit 1) carrying the framing
# finding (RFC 9112 §6.3), for `request` (libcurl) and `raw` steps alike; never a pass.
set -uo pipefail
rc=${REPLYCHECK:?}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
peer=
trap '[ -n "$peer" ] && kill "$peer" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
cd "$work"

python3 "$here/hostile_peer.py" http port &
peer=$!
for _ in $(seq 1 50); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || fail "the hostile peer did not start"
base="127.0.0.1:$(cat port)"

{
    for path in reset-length close-length endless-headers cut-chunked reset-chunked; do
        cat <<TOML
[[scenario]]
name = "request $path"
  [[scenario.step]]
  request = "GET http://$base/$path"
  expect = { status = 200 }
[[scenario]]
name = "raw $path"
  [[scenario.step]]
  raw = { send = "GET /$path HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n", to = "$base", new_connection = true }
  expect = { status = 200 }
TOML
    done
    # A whole reply still passes: the peer itself is not what fails the others.
    cat <<TOML
[[scenario]]
name = "request whole"
  [[scenario.step]]
  request = "GET http://$base/whole"
  expect = { status = 200, body = { equals = "ok" } }
TOML
} >cut.toml

start=$(date +%s)
"$rc" run cut.toml --timeout 5s --report-json r.json --report-junit r.xml >out.txt 2>&1
status=$?
[ $status -eq 1 ] || { cat out.txt; fail "cut replies must exit 1, got $status"; }
[ $(( $(date +%s) - start )) -le 20 ] || fail "the run took too long"

python3 - <<'PY' || exit 1
import json, sys
import xml.etree.ElementTree as ET
run = json.load(open("r.json"))
scenarios = {s["name"]: s for s in run["suites"][0]["scenarios"]}
problems = []
for name, s in scenarios.items():
    if name == "request whole":
        if s["result"] != "passed":
            problems.append(f"{name}: {s['result']} {s['message']}")
        continue
    step = s["steps"][0]
    if s["result"] != "error":
        problems.append(f"{name}: expected error, got {s['result']} ({s['message']})")
    if step["code"] != "200":
        problems.append(f"{name}: the status code received should be reported, got '{step['code']}'")
    if not any(f["rule_id"] == "http.framing.valid" for f in step["findings"]):
        problems.append(f"{name}: no http.framing.valid finding: {step['findings']}")
if len(scenarios) != 11:
    problems.append(f"expected 11 scenarios, got {len(scenarios)}")
cases = ET.parse("r.xml").getroot().iter("testcase")
errors = {c.get("name"): c.find("error") for c in cases}
for name, element in errors.items():
    if name == "request whole":
        continue
    if element is None or "http.framing.valid" not in (element.text or ""):
        problems.append(f"{name}: JUnit has no <error> with the framing finding")
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
PY
echo ok
