#!/usr/bin/env bash
# `replycheck smoke` against the mock, as a CI job runs it: the JUnit report groups the probes
# by a readable target classname (smoke.HOST:PORT.PATH, not a mangled URL), gives times in
# microseconds (loopback probes take less than a millisecond), and stays valid XML (against
# junit-10.xsd when REPLYCHECK_JUNIT_XSD names it). The console explains a 405 that met the
# expected codes but broke a rule.
set -uo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}"
source "$REPLYCHECK_SOURCE_DIR/tests/integration/lib/mock.sh"
work=$(mktemp -d)
mock_pid=""
cleanup() { [ -n "$mock_pid" ] && kill -TERM "$mock_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"
mkdir -p www/docs
echo "<p>index</p>" > www/docs/index.html
cat > mock.toml <<'TOML'
[mock.http]
listen = "127.0.0.1:0"
root = "www"
[[mock.http.script]]
match = { method = "OPTIONS" }
reply = { status = 405 }
TOML
"$REPLYCHECK" mock mock.toml >mock.out 2>&1 &
mock_pid=$!
mock_wait mock.out "$mock_pid" http || fail "the mock did not start"
addr=$(mock_listener mock.out http)

timeout 120 "$REPLYCHECK" smoke --no-color --timeout 2s "http://$addr/docs/index.html" --report-junit junit.xml >console.txt 2>&1
code=$?
[ "$code" -eq 1 ] || { cat console.txt >&2; fail "smoke exited $code, expected 1 (OPTIONS fails)"; }

# Classnames: one readable group per target.
grep -q "classname=\"smoke.$addr.docs.index_html\"" junit.xml || { grep -m3 classname junit.xml >&2; fail "no smoke.$addr.docs.index_html classname"; }
if grep -q 'classname="smoke http' junit.xml; then fail "a classname is still the mangled URL"; fi
# Times: every testcase and suite with six decimals, and the probes not all rounded to zero.
cases=$(grep -c '<testcase ' junit.xml)
[ "$cases" -ge 10 ] || fail "only $cases test cases"
[ "$(grep -Ec '<testcase [^>]*time="[0-9]+\.[0-9]{6}"' junit.xml)" -eq "$cases" ] || fail "a testcase time is not in microseconds"
grep -Eq '<testsuite [^>]*time="[0-9]+\.[0-9]{6}"' junit.xml || fail "the suite time is not in microseconds"
# (a time whose last three digits are not 000: a loaded machine may take over 1 ms per probe)
grep -Eq '<testcase [^>]*time="[0-9]+\.[0-9]{3}([1-9][0-9]{2}|0[1-9][0-9]|00[1-9])"' junit.xml \
  || fail "no sub-millisecond part kept in any time (all rounded?)"
if command -v xmllint >/dev/null 2>&1; then
  if [ -n "${REPLYCHECK_JUNIT_XSD:-}" ] && [ -f "$REPLYCHECK_JUNIT_XSD" ]; then
    xmllint --noout --schema "$REPLYCHECK_JUNIT_XSD" junit.xml 2>xmllint.txt || { cat xmllint.txt >&2; fail "junit.xml is not valid against the schema"; }
  else
    xmllint --noout junit.xml || fail "junit.xml is not well-formed"
  fi
fi

# Console: the 405 met "2xx, 405 or 501" but broke http.405.allow: said once, with the reply's head.
grep -q "actual:   HTTP/1.1 405 Method Not Allowed — 405 is allowed, but http.405.allow failed" console.txt \
  || { cat console.txt >&2; fail "the console does not say why the 405 failed"; }
grep -q "      | < HTTP/1.1 405 Method Not Allowed" console.txt || fail "the console does not show the reply's status line"
echo "OK: smoke JUnit classnames and microsecond times; the console explains the 405"
