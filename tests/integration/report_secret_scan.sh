#!/usr/bin/env bash
# The real binary with a known secret (a secret variable used in a URL query, a header and an
# FTP PASS, plus Basic credentials in an Authorization header): the secret appears in no report
# and on no console line.
set -euo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

secret='hunter2-S3cr3t'
basic='YWxpY2U6aHVudGVyMi1TM2NyM3Q='   # base64 of alice:hunter2-S3cr3t
work="$REPLYCHECK_BINARY_DIR/report-secret-scan"
rm -rf "$work"
mkdir -p "$work/www" "$work/ftproot" "$work/out"
printf 'index\n' >"$work/www/index.html"
printf 'hello\n' >"$work/ftproot/readme.txt"
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$work/replycheck.toml" <<TOML
default_target = "mock"
[targets.mock]
description = "embedded mocks"
[targets.mock.mock.http]
root = "www"
[targets.mock.mock.ftp]
root = "ftproot"
users = [{ name = "alice", password = "$secret" }]
TOML

cat >"$work/secret.toml" <<TOML
[suite]
name = "Secrets stay out of reports"

[[scenario]]
name = "secret in a query, a header and Basic credentials"
  [[scenario.step]]
  request = { method = "GET", url = "\${http}/index.html?token=\${password}", headers = { X-Api-Key = "\${password}", Authorization = "Basic $basic" } }
  expect = { status = 418 }

[[scenario]]
name = "FTP login with the secret password"
  [[scenario.step]]
  ftp = "USER alice"
  expect = { code = 331 }
  [[scenario.step]]
  ftp = "PASS \${password}"
  expect = { code = 530 }

[[scenario]]
name = "a passing login"
  [[scenario.step]]
  ftp = "USER alice"
  expect = { code = 331 }
  [[scenario.step]]
  ftp = "PASS \${password}"
  expect = { code = 230 }
TOML

cd "$work"
set +e
"$REPLYCHECK" run --no-color secret.toml --secret "password=$secret" --report-junit out/junit.xml \
  --report-json out/report.json --report-html out/report.html --report-tap out/report.tap \
  >out/stdout 2>out/stderr
code=$?
set -e
cat out/stdout
[ "$code" -eq 1 ] || { cat out/stderr >&2; fail "run exited $code, expected 1"; }
grep -qx '1 passed, 2 failed, 0 errors, 0 skipped' out/stdout || fail "unexpected results"
# The secret was really used: the FTP login with it passed.
grep -q '^PASS  a passing login' out/stdout || fail "the secret password did not log in: test is void"

# Merged output too: the JSON report read back and rendered again.
set +e
"$REPLYCHECK" report merge out/report.json --report-html out/merged.html --report-junit out/merged.xml >out/merge-stdout 2>&1
set -e
for f in out/*; do
  if grep -q -- "$secret" "$f"; then grep -n -- "$secret" "$f" | head -3 >&2; fail "$f contains the secret"; fi
  if grep -q -- "$basic" "$f"; then fail "$f contains the Basic credentials"; fi
done
grep -q 'PASS \*\*\*' out/junit.xml || fail "the masked PASS command is missing from the JUnit transcript"
echo "OK: the secret appears in no report and on no console line"
