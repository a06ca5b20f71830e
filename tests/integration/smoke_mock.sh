#!/usr/bin/env bash
# `replycheck smoke` against `replycheck mock`: clean on the mock's defaults, and each scripted
# defect caught with its rule id (304 with a body, 206 without Content-Range, 401 without a
# challenge, 405 without Allow, a 304 without the Vary of its coded 200, If-Unmodified-Since
# ignored, malformed 227, unterminated multi-line reply, transfer without 150), one HTTP URL
# smoked in under a second, and a server that never answers failing within the timeout.
set -uo pipefail

bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir -p "$work/www" "$work/ftproot"
printf 'hello world, this is the smoke test file\n' > "$work/www/index.html"
for f in 304-body 206-no-cr 401 vary-good vary-apache ius; do cp "$work/www/index.html" "$work/www/$f.html"; done
cp "$work/www/index.html" "$work/ftproot/file.txt"

# start_mock NAME: runs `replycheck mock $work/NAME.toml`, sets http_addr / ftp_addr.
start_mock() {
  local name=$1
  "$bin" mock "$work/$name.toml" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  http_addr="" ftp_addr=""
  for _ in $(seq 1 100); do
    http_addr=$(awk '/^http /{print $2}' "$work/$name.out")
    ftp_addr=$(awk '/^ftp /{print $2}' "$work/$name.out")
    if [ -n "$http_addr$ftp_addr" ]; then
      # both lines are printed together; give the second one a moment
      sleep 0.1
      http_addr=$(awk '/^http /{print $2}' "$work/$name.out")
      ftp_addr=$(awk '/^ftp /{print $2}' "$work/$name.out")
      return 0
    fi
    sleep 0.1
  done
  echo "mock $name did not start:" >&2
  cat "$work/$name.err" >&2
  return 1
}

. "$(dirname "$0")/lib/smoke.sh"

# 1. The mock's defaults pass every probe (credentials from the URL, never printed).
cat > "$work/clean.toml" <<EOF
[mock.http]
root = "$work/www"
[mock.ftp]
root = "$work/ftproot"
anonymous = true
users = [{ name = "alice", password = "s3cret-pw" }]
EOF
start_mock clean || exit 1
expect_smoke clean 0 "90 passed, 0 failed, 0 errors, 6 skipped" \
  -- "http://$http_addr/index.html" "ftp://alice:s3cret-pw@$ftp_addr/file.txt" "ftp://$ftp_addr/" \
  --report-json "$work/clean.json"
if grep -q "s3cret-pw" "$work/smoke-clean.txt" "$work/clean.json"; then fail "the password was printed"; fi
grep -q '"command": *"smoke"' "$work/clean.json" || fail "JSON report lacks the smoke command"

# --user/--password override, and a wrong password gives 530 on the mock.
expect_smoke user-option 0 "PASS  wrong password gives 530" \
  -- "ftp://$ftp_addr/file.txt" --user alice --password s3cret-pw
# The password may come from the environment instead (kept out of `ps`); a wrong one fails login.
REPLYCHECK_PASSWORD=s3cret-pw expect_smoke password-env 0 "PASS  wrong password gives 530" \
  -- "ftp://$ftp_addr/file.txt" --user alice
grep -q "s3cret-pw" "$work/smoke-password-env.txt" && fail "the password from the environment was printed"
REPLYCHECK_PASSWORD=not-the-password expect_smoke password-env-wrong 1 "530" \
  -- "ftp://$ftp_addr/file.txt" --user alice

# 2. HTTP defects, one rule each.
cat > "$work/http-defects.toml" <<EOF
[mock.http]
root = "$work/www"
[[mock.http.script]]
match = { headers = { X-Replycheck-Test = "yes" } }
reply = { status = 418, body = "short and stout" }
[[mock.http.script]]
match = { path = "/304-body.html", headers = { If-None-Match = "*" } }
raw = "HTTP/1.1 304 Not Modified\\r\\nDate: Sun, 06 Nov 1994 08:49:37 GMT\\r\\nETag: \\"x\\"\\r\\n\\r\\nhello"
[[mock.http.script]]
match = { path = "/206-no-cr.html", headers = { Range = "*" } }
reply = { status = 206, body = "hello" }
[[mock.http.script]]
match = { path = "/401.html" }
reply = { status = 401, body = "no" }
[[mock.http.script]]
match = { method = "OPTIONS" }
reply = { status = 405, body = "no" }
EOF
start_mock http-defects || exit 1
expect_smoke 304-body 1 "FAIL  If-None-Match gives 304" "http\.304\.no-body \(RFC 9110 §15\.4\.5\)" \
  -- "http://$http_addr/304-body.html"
expect_smoke 206-no-content-range 1 "FAIL  Range gives 206" "http\.206\.content-range \(RFC 9110 §15\.3\.7\.1\)" \
  -- "http://$http_addr/206-no-cr.html"
expect_smoke 401-no-challenge 1 "FAIL  GET gives 200" "http\.401\.www-authenticate \(RFC 9110 §15\.5\.2\)" \
  -- "http://$http_addr/401.html"
expect_smoke 405-no-allow 1 "FAIL  OPTIONS" "http\.405\.allow \(RFC 9110 §15\.5\.6\)" "29 passed, 1 failed" \
  -- "http://$http_addr/index.html"
expect_smoke 405-allowed 0 "30 passed, 0 failed" -- "http://$http_addr/index.html" --allow http.405.allow
# -H reaches every probe (each occurrence takes one value, so the URL after it stays a URL).
expect_smoke header-option 1 "FAIL  GET gives 200" "got 418" \
  -- -H "X-Replycheck-Test: yes" --allow http.405.allow "http://$http_addr/index.html"

# Content negotiation, scripted (the mock does not compress): a coding that depends on
# Accept-Encoding needs Vary on the 200 and on its 304, which vary-apache.html drops (as
# Apache and nginx with gzip_vary do). And If-Unmodified-Since ignored on ius.html.
cat > "$work/http-negotiation.toml" <<EOF
[mock.http]
root = "$work/www"
[[mock.http.script]]
match = { path = "/vary-good.html", headers = { Accept-Encoding = "gzip", If-None-Match = "\"gz1\"" } }
reply = { status = 304, headers = { Vary = "Accept-Encoding", ETag = "\"gz1\"" } }
[[mock.http.script]]
match = { path = "/vary-apache.html", headers = { Accept-Encoding = "gzip", If-None-Match = "\"gz1\"" } }
reply = { status = 304, headers = { ETag = "\"gz1\"" } }
[[mock.http.script]]
match = { path_glob = "/vary-*.html", headers = { Accept-Encoding = "gzip" } }
reply = { status = 200, headers = { Vary = "Accept-Encoding", ETag = "\"gz1\"", Content-Encoding = "gzip", Content-Type = "text/html" }, body = "GZIPPED" }
[[mock.http.script]]
match = { path = "/ius.html", headers = { If-Unmodified-Since = "*" } }
reply = { status = 200, headers = { Content-Type = "text/html" }, body = "hello" }
EOF
start_mock http-negotiation || exit 1
expect_smoke vary-good 0 "PASS  Accept-Encoding varies with Vary on 200 and 304" "PASS  HEAD with Accept-Encoding matches GET" \
  -- "http://$http_addr/vary-good.html"
expect_smoke vary-apache 1 "FAIL  Accept-Encoding varies with Vary on 200 and 304" \
  "http\.304\.cache-fields \(RFC 9110 §15\.4\.5\): 304 lacks Vary" -- "http://$http_addr/vary-apache.html"
expect_smoke ius-ignored 1 "FAIL  past If-Unmodified-Since gives 412" \
  "smoke\.http\.if-unmodified-since-412 \(RFC 9110 §13\.1\.4\)" -- "http://$http_addr/ius.html"

# 3. FTP defects.
cat > "$work/ftp-defects.toml" <<EOF
[mock.ftp]
root = "$work/ftproot"
anonymous = true
[[mock.ftp.script]]
match = { command = "PASV" }
reply = ["227 Entering Passive Mode (127,0,0,1,300)"]
[[mock.ftp.script]]
match = { command = "LIST" }
reply = ["226 Transfer complete."]
EOF
start_mock ftp-defects || exit 1
expect_smoke ftp-227-and-150 1 "ftp\.227\.format \(RFC 959 §4\.1\.2\)" "ftp\.transfer\.preliminary \(RFC 959 §5\.4\)" \
  -- "ftp://$ftp_addr/file.txt"

cat > "$work/ftp-multiline.toml" <<EOF
[mock.ftp]
root = "$work/ftproot"
anonymous = true
[[mock.ftp.script]]
match = { command = "FEAT" }
reply = ["211-Features:", " SIZE"]
close = true
EOF
start_mock ftp-multiline || exit 1
expect_smoke ftp-unterminated 1 "FAIL  FEAT gives 211" "ftp\.reply\.multiline \(RFC 959 §4\.2\)" \
  -- "ftp://$ftp_addr/file.txt"

# The same reply left open (no close): the probe ends at the timeout, the rest is skipped.
cat > "$work/ftp-multiline-open.toml" <<EOF
[mock.ftp]
root = "$work/ftproot"
anonymous = true
[[mock.ftp.script]]
match = { command = "FEAT" }
reply = ["211-Features:", " SIZE"]
EOF
start_mock ftp-multiline-open || exit 1
expect_smoke ftp-unterminated-open 1 "(ERROR|FAIL) +FEAT gives 211" "timeout after" -- "ftp://$ftp_addr/file.txt"

# 4. A server that accepts and never answers: an error within the timeout, not a hang.
cat > "$work/silent.py" <<'EOF'
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
with open(sys.argv[1], "w") as f: f.write(str(s.getsockname()[1]))
time.sleep(120)
EOF
/usr/bin/python3 "$work/silent.py" "$work/silent.port" &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/silent.port" ] && break; sleep 0.1; done
silent=$(cat "$work/silent.port")
for scheme in http ftp; do
  start=$(date +%s)
  expect_smoke "silent-$scheme" 1 "ERROR" "timeout after 2000ms" "skipped" -- "$scheme://127.0.0.1:$silent/"
  took=$(( $(date +%s) - start ))
  [ "$took" -le 10 ] || fail "silent-$scheme took ${took}s (timeout 2s)"
done

# 5. Usage errors exit 2.
"$bin" smoke "gopher://127.0.0.1/" > /dev/null 2>&1; [ $? -eq 2 ] || fail "unsupported scheme should exit 2"
"$bin" smoke --allow http.no-such-rule "http://127.0.0.1:1/" > /dev/null 2>&1
[ $? -eq 2 ] || fail "unknown --allow rule should exit 2"
# Probe expectation ids are accepted too (connection refused: exit 1, not a usage error).
for id in smoke.http.if-match-412 'smoke.ftp.*'; do
  "$bin" smoke --timeout 1s --allow "$id" "http://127.0.0.1:1/" > /dev/null 2>&1
  [ $? -eq 1 ] || fail "--allow $id should be accepted"
done
"$bin" smoke --timeout soon "http://127.0.0.1:1/" > /dev/null 2>&1; [ $? -eq 2 ] || fail "bad --timeout should exit 2"

# 6. `replycheck rules`: the table, JSON, and the committed doc.
"$bin" rules | grep -q "^http.405.allow .*MUST .*RFC 9110 §15.5.6" || fail "rules lacks http.405.allow"
"$bin" rules --json | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(r["id"]=="ftp.227.format" for r in d)' \
  || fail "rules --json is not a JSON list with ftp.227.format"
if [ -n "${REPLYCHECK_SOURCE_DIR:-}" ]; then
  "$bin" rules --markdown | diff -q - "$REPLYCHECK_SOURCE_DIR/docs/conformance-rules.md" > /dev/null \
    || fail "docs/conformance-rules.md differs from 'replycheck rules --markdown'"
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "smoke_mock: all checks passed"
