#!/usr/bin/env bash
# `replycheck report matrix`: smoke runs of two mocks (one clean, one scripted to break rules)
# tabulated as Markdown, HTML and TSV, each cell with the rule that decided it; a --strict twin
# folded into its column; and bad input (a report of `run`, a missing file, an output under a
# file) refused with a clear message and the right exit code.
set -uo pipefail

bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
src=${REPLYCHECK_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$src/tests/integration/lib/mock.sh"
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
expect_in() {  # FILE PATTERN
  grep -Eq -- "$2" "$1" || { fail "$1 lacks /$2/"; sed -n 1,80p "$1" >&2; }
}

mkdir -p "$work/www" "$work/ftp"
printf 'hello from the matrix test, long enough for ranges\n' > "$work/www/index.html"
cp "$work/www/index.html" "$work/ftp/file.txt"
cat > "$work/clean.toml" <<EOF2
[mock.http]
root = "$work/www"
[mock.ftp]
root = "$work/ftp"
anonymous = true
EOF2
# Every OPTIONS gets a 405 without Allow (RFC 9110 §15.5.6 wants Allow on a 405).
cat > "$work/broken.toml" <<EOF2
[mock.http]
root = "$work/www"
[[mock.http.script]]
match = { method = "OPTIONS" }
reply = { status = 405, headers = { Content-Type = "text/plain" }, body = "no" }
EOF2

start() {  # NAME
  "$bin" mock "$work/$1.toml" > "$work/$1.out" 2> "$work/$1.err" &
  pids+=($!)
  mock_wait "$work/$1.out" "$!" http || { cat "$work/$1.err" >&2; return 1; }
}
start clean || exit 1
start broken || exit 1
clean_http=$(mock_listener "$work/clean.out" http)
clean_ftp=$(mock_wait "$work/clean.out" "${pids[0]}" ftp && mock_listener "$work/clean.out" ftp)
broken_http=$(mock_listener "$work/broken.out" http)

"$bin" smoke --no-color --timeout 2s --report-json "$work/clean.json" "http://$clean_http/index.html" \
  "ftp://$clean_ftp/file.txt" > /dev/null 2>&1 || fail "smoke of the clean mock failed"
"$bin" smoke --no-color --timeout 2s --report-json "$work/broken.json" "http://$broken_http/index.html" > /dev/null 2>&1
[ $? -eq 1 ] || fail "smoke of the broken mock did not fail"
"$bin" smoke --no-color --timeout 2s --strict --report-json "$work/broken.strict.json" "http://$broken_http/index.html" > /dev/null 2>&1

"$bin" report matrix "$work/clean.json" "$work/broken.json" "$work/broken.strict.json" \
  --report-markdown "$work/m.md" --report-html "$work/m.html" --report-tsv "$work/m.tsv"
rc=$?
[ $rc -eq 0 ] || fail "report matrix exit $rc"
expect_in "$work/m.md" '^\| probe \| clean \| broken \|$'
expect_in "$work/m.md" '^\| OPTIONS \| pass \| \*\*FAIL\*\* `http.405.allow` \|$'
expect_in "$work/m.md" '^\| broken \| http \| [0-9]+ \| [0-9]+ \| 1 \| 0 \| [0-9]+ \| 1 failed \|$'
expect_in "$work/m.md" '^## FTP probes'
expect_in "$work/m.md" '^- \*\*broken\*\*, OPTIONS: fail `http.405.allow` \(RFC 9110 §15.5.6\)'
expect_in "$work/m.tsv" $'^broken\thttp\tOPTIONS\tfail\thttp.405.allow$'
expect_in "$work/m.tsv" $'^clean\tftp\tgreeting is 220\tpass\t$'
expect_in "$work/m.html" '<td class="fail" title="RFC 9110 §15.5.6: [^"]*">fail <code>http.405.allow</code></td>'
# Labels given on the command line; Markdown on stdout without a --report option.
"$bin" report matrix "nginx-like=$work/broken.json" > "$work/stdout.md" || fail "report matrix to stdout"
expect_in "$work/stdout.md" '^\| OPTIONS \| \*\*FAIL\*\* `http.405.allow` \|$'
expect_in "$work/stdout.md" '^\| probe \| nginx-like \|$'

# Bad input.
printf '{"schema_version":1,"command":"run","suites":[]}' > "$work/run.json"
"$bin" report matrix "$work/run.json" > "$work/bad.txt" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "a report of run: exit $rc, expected 2"
grep -q 'a report of `run`, not of `smoke`' "$work/bad.txt" || { fail "no message for a run report"; cat "$work/bad.txt" >&2; }
"$bin" report matrix "$work/missing.json" > "$work/bad.txt" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "a missing report: exit $rc, expected 2"
grep -q 'missing.json' "$work/bad.txt" || { fail "no path in the message"; cat "$work/bad.txt" >&2; }
"$bin" report matrix "$work/clean.json" --report-markdown "$work/clean.json/m.md" > "$work/bad.txt" 2>&1
rc=$?
[ $rc -eq 3 ] || fail "an unwritable output: exit $rc, expected 3"
grep -q "clean.json/m.md" "$work/bad.txt" || { fail "no path in the write error"; cat "$work/bad.txt" >&2; }

[ $failures -eq 0 ] && echo "ok: report matrix" || exit 1
