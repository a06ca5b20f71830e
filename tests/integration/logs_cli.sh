#!/usr/bin/env bash
# `replycheck logs` on the reader fixtures (tests/fixtures/logs): the console table, --json
# (valid, and the numbers right), --status, --top, several files with a .gz, --report-html with
# hostile paths, malformed lines (reported, never fatal), passwords never shown, and the exit
# codes: 0 whatever the codes, 2 for a missing file, an unknown format or a bad --status item.
set -uo pipefail
rc=${REPLYCHECK:?}
src=${REPLYCHECK_SOURCE_DIR:?}
fx="$src/tests/fixtures/logs"
[ -f "$fx/iis_http.log" ] || { echo "no log fixtures under $fx" >&2; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $1" >&2; [ -n "${2:-}" ] && printf '%s\n' "$2" >&2; status=1; }
expect_exit() {   # expect_exit CODE WHAT: the exit status of the last run
    [ "$last" -eq "$1" ] || fail "$2: exit $last, expected $1" "$(cat "$work/err")"
}
run() { "$rc" logs "$@" > "$work/out" 2> "$work/err"; last=$?; }
json_check() {   # json_check PYTHON-EXPRESSION WHAT: evaluated on the JSON document `d`
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$work/out" \
        || fail "$2" "$(head -c 2000 "$work/out")"
}

# Console: IIS HTTP with substatus and win32 statuses, registry meanings.
run "$fx/iis_http.log"
expect_exit 0 "iis_http console"
grep -q '^HTTP 500.19 .*Configuration data invalid' "$work/out" || fail "500.19 row with its meaning" "$(cat "$work/out")"
grep -q 'win32 13 ERROR_INVALID_DATA ×1' "$work/out" || fail "win32 sub-breakdown of 500.19, named" "$(cat "$work/out")"
grep -q '^1 file, 16 lines, 7 entries, 0 malformed' "$work/out" || fail "totals line" "$(head -1 "$work/out")"

# --json: valid JSON (json.tool), and the numbers.
run "$fx/iis_http.log" --json
expect_exit 0 "iis_http --json"
python3 -m json.tool "$work/out" > /dev/null || fail "--json is not valid JSON" "$(head -c 500 "$work/out")"
json_check 'd["totals"]["entries"] == 7 and d["totals"]["with_code"] == 7 and d["totals"]["files"] == 1' "json totals"
json_check '[c for c in d["codes"] if c["code"] == "500.19" and c["status"] == 500 and c["substatus"] == 19
             and c["count"] == 1 and abs(c["share"] - 1/7) < 1e-9 and c["win32"][0]["code"] == 13
             and c["win32"][0]["name"] == "ERROR_INVALID_DATA"
             and c["top"][0]["value"] == "/app/default.aspx" and c["first"] == "2026-01-05T10:12:01Z"]' "json 500.19 row"
json_check 'sum(c["count"] for c in d["codes"]) == d["totals"]["matched"]' "json rows add up to matched"
json_check 'd["timeline"]["bucket_seconds"] == 60 and sum(sum(b["counts"].values()) for b in d["timeline"]["buckets"]) == 7' \
    "json timeline"

# --status filters rows, not totals; a bad item is a usage error.
run "$fx/iis_http.log" --status 5xx,404.3 --json
expect_exit 0 "--status 5xx,404.3"
json_check 'sorted(c["code"] for c in d["codes"]) == ["404.3", "500.19", "502.5"] and d["totals"]["matched"] == 3
            and d["totals"]["entries"] == 7 and d["filter"] == "5xx,404.3"' "--status rows"
for bad in 45x 5xx,,404 abc 1000 500.x; do
    run "$fx/iis_http.log" --status "$bad"
    expect_exit 2 "--status $bad"
    grep -q "is not a status" "$work/err" || fail "--status $bad: message" "$(cat "$work/err")"
done

# FTP: reply codes by command; passwords never shown.
run "$fx/vsftpd.log"
expect_exit 0 "vsftpd"
grep -q '^FTP 530 after PASS .*Not logged in' "$work/out" || fail "530 after PASS row" "$(cat "$work/out")"
run "$fx/vsftpd.log" --json
cat "$work/out" "$work/err" > "$work/all"
run "$fx/vsftpd.log" --report-html "$work/ftp.html"
cat "$work/out" "$work/err" "$work/ftp.html" >> "$work/all"
if grep -qE 's3cr3t-Hunter2|guest-mail@example.org' "$work/all"; then fail "a logged password appears in the output"; fi

# Malformed lines: reported as file:line: why on stderr, counted, never fatal.
run "$fx/malformed_ncsa.log" --json
expect_exit 0 "malformed_ncsa"
grep -q "malformed_ncsa.log:2: " "$work/err" || fail "first malformed line on stderr" "$(cat "$work/err")"
json_check 'd["totals"]["malformed"] == 10 and d["totals"]["entries"] == 2 and len(d["malformed_examples"]) == 10' \
    "malformed totals"

# Several files, one of them gzip-compressed; --top bounds the lists.
gzip -c "$fx/nginx_combined.log" > "$work/nginx.log.gz"
run "$fx/apache_common.log" "$work/nginx.log.gz" --json --top 1
expect_exit 0 "two files with a .gz"
json_check 'd["totals"]["files"] == 2 and d["totals"]["entries"] == 11 and all(len(c["top"]) <= 1 for c in d["codes"])
            and [f["format"] for f in d["files"]] == ["ncsa", "ncsa"]' "two files totals"

# --report-html: written, self-contained, hostile paths inert.
{
    echo '203.0.113.7 - - [05/Jan/2026:10:00:00 +0000] "GET /<script>alert(1)</script> HTTP/1.1" 500 10 "-" "<img src=x onerror=alert(2)>"'
    echo '203.0.113.7 - - [05/Jan/2026:11:00:00 +0000] "GET /\"><svg/onload=alert(3)> HTTP/1.1" 404 10 "-" "-"'
    echo '203.0.113.7 - - [05/Jan/2026:12:00:00 +0000] "GET /ok HTTP/1.1" 200 10 "-" "-"'
} > "$work/hostile.log"
run "$work/hostile.log" --report-html "$work/out dir/report.html"
expect_exit 0 "--report-html"
html="$work/out dir/report.html"
[ -s "$html" ] || fail "--report-html wrote nothing"
grep -q '<svg' "$html" || fail "no chart in the page"
grep -q "default-src 'none'" "$html" || fail "no Content-Security-Policy in the page"
if grep -qiE '<script|<svg/onload|<img' "$html"; then fail "log text reached the page unescaped" "$(grep -iE '<script|<svg/onload|<img' "$html")"; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$html" || fail "the hostile path is not shown escaped"
ls -a "$work/out dir" | grep -q '\.tmp$' && fail "a temporary file was left beside the report"

# Exit 2: missing file, unknown format, unreadable format; the message starts with the file.
run "$work/does-not-exist.log"
expect_exit 2 "missing file"
grep -q "^$work/does-not-exist.log: " "$work/err" || fail "missing file: message" "$(cat "$work/err")"
run "$fx/iis_http.log" --format nosuch
expect_exit 2 "unknown --format"
head -c 3000 /dev/urandom > "$work/noise.bin"
run "$work/noise.bin"
expect_exit 2 "a file in no known format"
grep -q "^$work/noise.bin: " "$work/err" || fail "unknown format: message" "$(cat "$work/err")"

[ $status -eq 0 ] && echo ok
exit $status
