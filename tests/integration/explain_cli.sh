#!/usr/bin/env bash
# The explain and codes commands of the real binary: content of the explanations, exit codes
# of the error paths, and the size of the JSON registry.
set -u

bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_output DESCRIPTION PATTERN ARGS...: exit 0 and stdout matches the (grep -E) pattern.
expect_output() {
    local what=$1 pattern=$2
    shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [[ $rc -eq 0 ]] || fail "$what: exit $rc (stderr: $(head -c 300 "$tmp/err"))"
    grep -Eq -- "$pattern" "$tmp/out" || fail "$what: stdout lacks /$pattern/"
}

# expect_error DESCRIPTION CODE PATTERN ARGS...: exit CODE, nothing on stdout, stderr matches.
expect_error() {
    local what=$1 code=$2 pattern=$3
    shift 3
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [[ $rc -eq $code ]] || fail "$what: exit $rc, expected $code"
    [[ ! -s "$tmp/out" ]] || fail "$what: unexpected stdout: $(head -c 200 "$tmp/out")"
    grep -Eq -- "$pattern" "$tmp/err" || fail "$what: stderr lacks /$pattern/: $(head -c 300 "$tmp/err")"
}

expect_output "explain 403.14" "[Dd]irectory listing" explain 403.14
expect_output "explain 403.14 status" "403 Forbidden" explain 403.14
expect_output "explain ftp 227" "\(h1,h2,h3,h4,p1,p2\)" explain ftp 227
expect_output "explain ftp 227 command" "PASV" explain ftp 227
expect_output "explain 206" "Content-Range" explain 206
expect_output "explain 206 section" "RFC 9110 §15\.3\.7" explain 206
expect_output "explain 401" "WWW-Authenticate" explain 401
expect_output "explain 500.19" "[Cc]onfiguration" explain 500.19
expect_output "explain 530 shows FTP" "^FTP 530 Not logged in" explain 530
expect_output "explain 421 shows HTTP" "^HTTP 421 Misdirected Request" explain 421
expect_output "explain 421 shows FTP" "^FTP 421 " explain 421
expect_output "explain 421 says how to pick" "explain http 421" explain 421
expect_output "explain http 421 only HTTP" "^HTTP 421" explain http 421
"$bin" explain http 421 | grep -q '^FTP 421' && fail "explain http 421 also shows FTP"
expect_output "explain 403.0 falls back to HTTP 403" "^HTTP 403 Forbidden" explain 403.0
expect_output "explain ftp 257 format" 'doubled' explain ftp 257
expect_output "explain --help" "CODE" explain --help
expect_output "codes --help" "json" codes --help

expect_error "explain 299" 2 "unknown code 299" explain 299
expect_error "explain 299 nearest" 2 "nearest HTTP: 226" explain 299
expect_error "explain 403.99" 2 "403\.22" explain 403.99
expect_error "explain ftp 999" 2 "unknown FTP reply code 999" explain ftp 999
expect_error "explain http 530" 2 "unknown HTTP status code 530" explain http 530
expect_error "explain abc" 2 "not a code" explain abc
expect_error "explain ftp 403.14" 2 "no substatus" explain ftp 403.14
expect_error "explain smtp 250" 2 "unknown protocol" explain smtp 250

# JSON: explain gives an array of the matching entries; codes gives the registry.
"$bin" explain --json 421 >"$tmp/explain.json" || fail "explain --json 421 failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert [o["protocol"] for o in a] == ["http", "ftp"], a
assert all(o["code"] == "421" for o in a), a
' "$tmp/explain.json" || fail "explain --json 421 content"

"$bin" codes http --json >"$tmp/http.json" || fail "codes http --json failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
status = [o for o in a if not o.get("iis")]
iis = [o for o in a if o.get("iis")]
assert len(status) >= 60, len(status)
assert len(iis) >= 70, len(iis)
assert all(o["protocol"] == "http" for o in a)
assert all(isinstance(o["code"], str) and o["reason"] and o["meaning"] for o in a)
assert any(o["code"] == "403.14" for o in iis)
assert any(o["code"] == "206" for o in status)
print(len(status), "status codes,", len(iis), "IIS substatus codes")
' "$tmp/http.json" || fail "codes http --json content"

"$bin" codes ftp --json >"$tmp/ftp.json" || fail "codes ftp --json failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) >= 45, len(a)
assert all(o["protocol"] == "ftp" and o["reason"] and o["meaning"] for o in a)
assert any(o["code"] == "227" and "(h1,h2,h3,h4,p1,p2)" in o["format"] for o in a)
print(len(a), "FTP reply codes")
' "$tmp/ftp.json" || fail "codes ftp --json content"

expect_output "codes table" "^206 +Partial Content" codes http
expect_output "codes iis table" "^403\.14 +403 Forbidden +Directory listing denied" codes iis
expect_output "codes ftp table" "^227 +Entering Passive Mode" codes ftp
expect_error "codes smtp" 2 "smtp" codes smtp

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all explain/codes checks passed"
