#!/usr/bin/env bash
# The real binary against a mock scripted to send hostile bytes: raw replies with control
# characters, NUL, ESC sequences, characters XML cannot carry (U+0085, U+FFFE, U+FFFF), "]]>",
# markup, and invalid UTF-8 (the mock's garbage fault). Every report must stay valid: the JUnit
# against the Jenkins xUnit schema, the JSON parseable, the HTML free of live markup, no raw
# control byte anywhere, and the console free of the server's escape sequences.
set -euo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

work="$REPLYCHECK_BINARY_DIR/report-hostile-server"
rm -rf "$work"
mkdir -p "$work/www" "$work/out"
printf 'index\n' >"$work/www/index.html"
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$work/replycheck.toml" <<'TOML'
default_target = "mock"
[targets.mock]
description = "embedded mock over www/"
[targets.mock.mock.http]
root = "www"
TOML

cat >"$work/hostile.toml" <<'TOML'
[suite]
name = "Hostile server bytes ]]> <script>"
tags = ["http"]

[mock.http]
[[mock.http.script]]
match = { path = "/controls" }
raw = "HTTP/1.1 200 \u0001\u001b[31mOK ]]> <script>alert(1)</script>\r\nX-Bad: a\u0000b ]]]]><![CDATA[ \u0085\uFFFE\uFFFF\r\nContent-Length: 12\r\nConnection: close\r\n\r\n]]>\u0007\u001b[0m<b>x"
[[mock.http.script]]
match = { path = "/garbage" }
fault = "garbage"

[[scenario]]
name = "control characters and a CDATA end ]]> in the reply"
  [[scenario.step]]
  request = "GET ${http}/controls"
  expect = { status = 204 }

[[scenario]]
name = "raw exchange with a hostile reply"
  [[scenario.step]]
  raw = "GET /controls HTTP/1.1\r\nHost: x\r\n\r\n"
  expect = { status = 204 }

[[scenario]]
name = "invalid UTF-8 instead of a reply"
  [[scenario.step]]
  raw = "GET /garbage HTTP/1.1\r\nHost: x\r\n\r\n"
  expect = { status = 200 }

[[scenario]]
name = "invalid UTF-8 through the HTTP client"
  [[scenario.step]]
  request = "GET ${http}/garbage"
  expect = { status = 200 }
TOML

cd "$work"
set +e
"$REPLYCHECK" run --no-color hostile.toml --report-junit out/junit.xml --report-json out/report.json \
  --report-html out/report.html --report-tap out/report.tap >out/stdout 2>out/stderr
code=$?
set -e
cat out/stdout
[ "$code" -eq 1 ] || { cat out/stderr >&2; fail "run exited $code, expected 1 (every scenario fails)"; }
grep -qx '0 passed, [0-9]* failed, [0-9]* errors, 0 skipped' out/stdout || fail "summary line"
for f in junit.xml report.json report.html report.tap; do [ -s "out/$f" ] || fail "$f not written"; done

# The server really sent what this test is about: its bytes show, escaped, in the transcript.
grep -q '\\x01\\x1b\[31mOK' out/junit.xml || fail "control characters of the reply not in the JUnit transcript"
grep -q '\\xff' out/junit.xml || fail "invalid UTF-8 of the garbage reply not in the JUnit transcript"
grep -q ']]&gt;' out/junit.xml || fail "the CDATA end of the reply not in the JUnit transcript"

# JUnit: well-formed, and valid against the xUnit schema.
xsd=${REPLYCHECK_JUNIT_XSD:-$REPLYCHECK_SOURCE_DIR/../shared/schemas/junit-10.xsd}
if ! command -v xmllint >/dev/null 2>&1; then
  echo "SKIP: xmllint not installed"
  exit 77
fi
xmllint --noout out/junit.xml || fail "JUnit is not well-formed"
if [ -f "$xsd" ]; then
  xmllint --noout --schema "$xsd" out/junit.xml || fail "JUnit is not valid against $xsd"
else
  echo "note: no junit-10.xsd (set REPLYCHECK_JUNIT_XSD); checked well-formedness only"
fi

# JSON parses strictly (valid UTF-8) and reads back through report merge.
python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8","strict"))' out/report.json ||
  fail "JSON report is not valid UTF-8 JSON"
set +e
"$REPLYCHECK" report merge -q out/report.json --report-junit out/remerged.xml >/dev/null 2>&1
[ $? -eq 1 ] || fail "report merge could not read the JSON report back"
set -e
[ -f "$xsd" ] && { xmllint --noout --schema "$xsd" out/remerged.xml || fail "re-merged JUnit invalid"; }

# No raw control byte (other than TAB, LF, CR) and only valid UTF-8 in any report or on the console.
python3 - out/junit.xml out/report.json out/report.html out/report.tap out/stdout <<'PY'
import sys
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        data.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        sys.exit(f"{path}: invalid UTF-8: {e}")
    bad = [b for b in data if (b < 0x20 and b not in (9, 10, 13)) or b == 0x7F]
    if bad:
        sys.exit(f"{path}: raw control bytes {sorted(set(bad))}")
PY

# HTML: the server's markup is text, never elements.
if grep -q '<script>alert(1)' out/report.html; then fail "hostile <script> is live in the HTML"; fi
if grep -q '<b>x' out/report.html; then fail "hostile markup is live in the HTML"; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' out/report.html || fail "escaped hostile markup missing from the HTML"
echo "OK: every report stays valid against a hostile server"
