#!/usr/bin/env bash
# `replycheck report merge`: shard JSON reports joined into one run (suites merged by file,
# totals recomputed), every report format written, the JUnit valid against the xUnit schema,
# and an unwritable report path giving exit 3 with a clear message while the console still
# shows the results and the other reports are still written.
set -euo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

out="$REPLYCHECK_BINARY_DIR/report-merge"
rm -rf "$out"
mkdir -p "$out"
fixtures="$REPLYCHECK_SOURCE_DIR/tests/fixtures/reports"
fail() { echo "FAIL: $*" >&2; exit 1; }

run() {  # run EXPECTED_EXIT ARGS...: the binary's exit code must be EXPECTED_EXIT
  local expected=$1; shift
  set +e
  "$REPLYCHECK" "$@" >"$out/stdout" 2>"$out/stderr"
  local code=$?
  set -e
  if [ "$code" -ne "$expected" ]; then
    cat "$out/stdout" "$out/stderr" >&2
    fail "replycheck $* exited $code, expected $expected"
  fi
}

# 1. Merge two shards into every format.
run 1 report merge "$fixtures/shard-1.json" "$fixtures/shard-2.json" \
  --report-junit "$out/merged.xml" --report-json "$out/merged.json" \
  --report-html "$out/merged.html" --report-tap "$out/merged.tap"
grep -qx '3 passed, 4 failed, 1 errors, 1 skipped' "$out/stdout" || fail "summary line missing"
for f in merged.xml merged.json merged.html merged.tap; do [ -s "$out/$f" ] || fail "$f not written"; done
if ls -A "$out" | grep -q '\.tmp$'; then fail "temporary files left behind"; fi

# Totals recomputed, the HTTP suite joined from both shards (2 + 2 scenarios).
python3 - "$out/merged.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1, d["schema_version"]
t = d["totals"]
assert (t["tests"], t["passed"], t["failed"], t["errors"], t["skipped"]) == (9, 3, 4, 1, 1), t
files = [s["file"] for s in d["suites"]]
assert files.count("scenarios/http/conditional.toml") == 1, files
http = [s for s in d["suites"] if s["file"] == "scenarios/http/conditional.toml"][0]
assert len(http["scenarios"]) == 4 and http["totals"]["failed"] == 3, http["totals"]
assert d["seconds"] == 1.25, d["seconds"]          # the longest shard
assert d["hostname"] == "", d["hostname"]          # shards ran on different hosts
assert http["hostname"] == "ci-runner-7,ci-runner-8", http["hostname"]
PY
grep -q '^1\.\.9$' "$out/merged.tap" || fail "TAP plan is not 1..9"
grep -q '<testsuites name="replycheck run" tests="9" failures="4" errors="1"' "$out/merged.xml" || fail "JUnit totals"

# 2. The merged JSON reads back: merging it alone gives the same JSON.
run 1 report merge -q "$out/merged.json" --report-json "$out/again.json"
cmp -s "$out/merged.json" "$out/again.json" || fail "merge of a merged report is not a fixed point"

# 3. JUnit against the Jenkins xUnit schema.
xsd=${REPLYCHECK_JUNIT_XSD:-$REPLYCHECK_SOURCE_DIR/../shared/schemas/junit-10.xsd}
if ! command -v xmllint >/dev/null 2>&1; then
  echo "note: xmllint not installed, schema check skipped"
elif [ -f "$xsd" ]; then
  xmllint --noout --schema "$xsd" "$out/merged.xml" || fail "merged JUnit is not valid against $xsd"
else
  echo "note: no junit-10.xsd (set REPLYCHECK_JUNIT_XSD), schema check skipped"
  xmllint --noout "$out/merged.xml" || fail "merged JUnit is not well-formed"
fi

# 4. An unwritable report path: exit 3, a clear message, results still on the console, and
#    the other reports still written.
touch "$out/not-a-directory"
run 3 report merge "$fixtures/shard-1.json" "$fixtures/shard-2.json" \
  --report-junit "$out/not-a-directory/r.xml" --report-tap "$out/still-written.tap"
grep -q "JUnit report not written: cannot write report '$out/not-a-directory/r.xml'" "$out/stderr" ||
  { cat "$out/stderr" >&2; fail "no clear message for the unwritable path"; }
grep -qx '3 passed, 4 failed, 1 errors, 1 skipped' "$out/stdout" || fail "console results missing when a report failed"
grep -q '^FAIL  Stale ETag gives 200' "$out/stdout" || fail "scenario lines missing when a report failed"
[ -s "$out/still-written.tap" ] || fail "the other report was not written"

# 5. Input errors are usage errors (exit 2) naming the file.
echo '{"not": "a report"}' >"$out/bad.json"
run 2 report merge "$out/bad.json"
grep -q "bad.json: \$: missing schema_version" "$out/stderr" || fail "no clear message for a bad input"
run 2 report merge "$out/does-not-exist.json"
echo "OK: report merge"
