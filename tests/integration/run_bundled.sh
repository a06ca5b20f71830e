#!/usr/bin/env bash
# The bundled suites pass against the embedded mock, and the JUnit report they produce is valid.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$src"

NO_COLOR=1 timeout 120 "$rc" run scenarios --report-junit "$work/junit.xml" --report-json "$work/run.json" \
  >"$work/out.txt" 2>&1
status=$?
cat "$work/out.txt"
[ $status -eq 0 ] || fail "bundled suites: exit $status"
passed=$(grep -Eo '^[0-9]+ passed' "$work/out.txt" | cut -d' ' -f1)
[ "${passed:-0}" -ge 40 ] || fail "expected at least 40 passing scenarios, got ${passed:-0}"
grep -q $'\033\[' "$work/out.txt" && fail "colour codes printed although NO_COLOR is set"
[ -s "$work/junit.xml" ] || fail "no JUnit report"
xsd=${REPLYCHECK_JUNIT_XSD:-$src/../shared/schemas/junit-10.xsd}
if [ -f "$xsd" ] && command -v xmllint >/dev/null; then
  xmllint --noout --schema "$xsd" "$work/junit.xml" || fail "JUnit report is not valid against junit-10.xsd"
elif command -v xmllint >/dev/null; then
  xmllint --noout "$work/junit.xml" || fail "JUnit report is not well-formed XML"
fi
# The secret password of the mock target never reaches a report.
grep -q wonderland "$work/junit.xml" "$work/run.json" && fail "a secret value leaked into a report"

# Every bundled file lints cleanly.
"$rc" lint scenarios >/dev/null || fail "lint of the bundled suites failed"
echo "ok: $passed scenarios passed"
