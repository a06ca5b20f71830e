#!/usr/bin/env bash
# One-letter passwords and secrets against `replycheck mock`: `smoke` and `run` mask them where
# they are values (PASS arguments, userinfo, header values, captured bodies) and nowhere else,
# so the console and every report stay readable ("greeting", "ftp://" intact, no stars inside
# words) and never show the password. A scenario's own secrets (its login password, its secret
# captures) do not mask text in another scenario's results.
set -uo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

work="$REPLYCHECK_BINARY_DIR/report-short-secrets"
rm -rf "$work"
mkdir -p "$work/www" "$work/ftproot"
printf 'index\n' >"$work/www/index.html"
printf 'q\n' >"$work/www/token.txt"
printf 'quiz queue\n' >"$work/www/quiz-queue.txt"
printf 'hello\n' >"$work/ftproot/readme.txt"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mock_pid=""
trap '[ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; wait 2>/dev/null' EXIT
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --ftp 127.0.0.1:0 --ftp-root "$work/ftproot" \
  --user alice:e --user bob:p --user carol:x >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
for _ in $(seq 1 100); do
  grep -q '^ftp ' "$work/mock.out" && grep -q '^http ' "$work/mock.out" && break
  sleep 0.1
done
http=$(awk '/^http /{print $2}' "$work/mock.out")
ftp=$(awk '/^ftp /{print $2}' "$work/mock.out")
[ -n "$http" ] && [ -n "$ftp" ] || { cat "$work/mock.err" >&2; echo "FAIL: the mock did not start" >&2; exit 1; }

# check_clean PASSWORD FILE...: no stars inside a word, no PASS line or userinfo with the password.
check_clean() {
  local pw=$1; shift
  for f in "$@"; do
    [ -s "$f" ] || { fail "$f missing or empty"; continue; }
    # JSON escapes (\n, \r, \t) count as the breaks they stand for.
    if sed -E 's/\\[nrt]/ /g' "$f" | grep -Eq '[[:alnum:]]\*\*\*|\*\*\*[[:alnum:]]'; then
      fail "$f: stars inside a word: $(grep -Eo '.{0,20}([[:alnum:]]\*\*\*|\*\*\*[[:alnum:]]).{0,20}' "$f" | head -3)"
    fi
    if grep -Eq "PASS $pw([^[:alnum:]]|\$)" "$f"; then fail "$f: PASS shows the password"; fi
    if grep -Eq ":$pw@" "$f"; then fail "$f: userinfo shows the password"; fi
  done
}

# report_args DIR: every report format into DIR.
report_args() {
  echo --report-junit "$1/junit.xml" --report-json "$1/report.json" --report-html "$1/report.html" \
    --report-tap "$1/report.tap"
}
outputs() { echo "$1/console.txt" "$1/junit.xml" "$1/report.json" "$1/report.html" "$1/report.tap"; }

# 1. smoke with the passwords e (--password), p (in the URL) and x (--password).
smoke_case() {  # smoke_case NAME PASSWORD ARGS...
  local name=$1 pw=$2; shift 2
  local out="$work/smoke-$name"
  mkdir -p "$out"
  # shellcheck disable=SC2046
  timeout 120 "$REPLYCHECK" smoke --no-color --timeout 3s "$@" $(report_args "$out") >"$out/console.txt" 2>&1
  local code=$?
  [ "$code" -eq 0 ] || { cat "$out/console.txt" >&2; fail "smoke $name exited $code"; }
  grep -q '^PASS  login gives 230' "$out/console.txt" || fail "smoke $name: the login with '$pw' did not pass"
  # shellcheck disable=SC2046
  check_clean "$pw" $(outputs "$out")
  for f in $(outputs "$out"); do
    grep -q 'greeting is 220' "$f" || fail "$f: 'greeting is 220' garbled or missing"
    grep -q "smoke ftp://$name@" "$f" || fail "$f: the suite name 'smoke ftp://$name@...' garbled or missing"
  done
}
smoke_case alice e "ftp://alice@$ftp/" --password e
smoke_case bob p "ftp://bob:p@$ftp/"
smoke_case carol x "ftp://carol@$ftp/" --password x

# 2. run: scenario A logs in as carol (password x) and captures the secret token q; scenario B,
# "xenon box quiz", fetches a file full of q's.
cat >"$work/scoped.toml" <<'TOML'
[suite]
name = "Short secrets stay in their scenario"

[[scenario]]
name = "carol logs in and captures a token"
  [[scenario.step]]
  ftp = { login = { user = "carol", password = "x" } }
  expect = { code = 230 }
  [[scenario.step]]
  request = { url = "${http}/token.txt" }
  expect = { status = 200 }
  capture = { token = { body = '^(\w+)', secret = true } }
  [[scenario.step]]
  request = { url = "${http}/index.html", headers = { X-Token = "${token}" } }
  expect = { status = 200 }

[[scenario]]
name = "xenon box quiz"
  [[scenario.step]]
  request = { url = "${http}/quiz-queue.txt" }
  expect = { status = 200 }
TOML
out="$work/run"
mkdir -p "$out"
# shellcheck disable=SC2046
(cd "$work" && timeout 120 "$REPLYCHECK" run --no-color -j 1 scoped.toml --var "http=http://$http" \
  --var "ftp=ftp://$ftp" $(report_args "$out")) >"$out/console.txt" 2>&1
code=$?
[ "$code" -eq 0 ] || { cat "$out/console.txt" >&2; fail "run exited $code"; }
# shellcheck disable=SC2046
check_clean x $(outputs "$out")
# shellcheck disable=SC2046
check_clean q $(outputs "$out")
for f in $(outputs "$out"); do
  grep -q 'xenon box quiz' "$f" || fail "$f: scenario name 'xenon box quiz' garbled or missing"
  if grep -q 'X-Token: q' "$f"; then fail "$f: the captured secret shows in a header"; fi
done
python3 - "$out/report.json" <<'PY' || fail "run: JSON report checks"
import json, sys
d = json.load(open(sys.argv[1]))
scenarios = {s["name"]: s for suite in d["suites"] for s in suite["scenarios"]}
a = scenarios["carol logs in and captures a token"]["steps"]
b = scenarios["xenon box quiz"]["steps"]
assert "PASS ***" in a[0]["transcript"], a[0]["transcript"]
assert "\n***\n" in a[1]["transcript"].replace("\r", ""), a[1]["transcript"]   # the captured body
assert "X-Token: ***" in a[2]["transcript"], a[2]["transcript"]
assert "GET /quiz-queue.txt" in b[0]["transcript"] and "quiz queue" in b[0]["transcript"], b[0]["transcript"]
PY

[ "$failures" -eq 0 ] || exit 1
echo "ok"
