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

# Win32 status codes and HRESULTs as IIS logs them in sc-win32-status.
expect_output "explain win32 64" "^Win32 64 ERROR_NETNAME_DELETED" explain win32 64
expect_output "explain win32 64 log note" "in an IIS log" explain win32 64
expect_output "explain win32 64 related" "HTTP 200 OK" explain win32 64
expect_output "explain 0x80070005" "^HRESULT 0x80070005 = Win32 5 ERROR_ACCESS_DENIED" explain 0x80070005
expect_output "explain 0x80070005 note" "not an HTTP or FTP code" explain 0x80070005
expect_output "explain win32 2147942405" "ERROR_ACCESS_DENIED" explain win32 2147942405
expect_output "explain win32 -2147024891" "0x80070005" explain win32 -2147024891
expect_output "explain -2147024891" "ERROR_ACCESS_DENIED" explain -2147024891
expect_output "explain 0x8007000d" "500\.19" explain 0x8007000d
expect_output "explain win32 2148074254" "SEC_E_NO_CREDENTIALS" explain win32 2148074254
expect_output "explain win32 1326" "401\.1" explain win32 1326
expect_output "explain win32 by name" "^Win32 1236 ERROR_CONNECTION_ABORTED" explain win32 error_connection_aborted
expect_output "explain 10054 without protocol" "WSAECONNRESET" explain 10054
expect_error "explain win32 42" 2 "unknown Win32 status 42" explain win32 42
expect_error "explain win32 42 nearest" 2 "nearest known: 50 ERROR_NOT_SUPPORTED" explain win32 42
expect_error "explain 0x8007FFFF" 2 "wraps Win32 65535" explain 0x8007FFFF
expect_error "explain win32 abc" 2 "not a Win32 status" explain win32 abc
expect_error "explain win32 0x" 2 "not a Win32 status" explain win32 0x
expect_error "explain win32 0x1FFFFFFFF" 2 "not a Win32 status" explain win32 0x1FFFFFFFF
expect_error "explain win32 4294967296" 2 "not a Win32 status" explain win32 4294967296
expect_error "explain 995 hints win32" 2 "explain win32 995" explain 995

# IIS substatus additions, each with how to provoke it on the mock.
expect_output "explain 502.5" "ANCM process failure" explain 502.5
expect_output "explain 502.5 mock" 'on the mock: +a \[\[mock\.http\.script\]\] with reply = \{ status = "502\.5" \}' explain 502.5
expect_output "explain 502.5 flavour" '"iis" \(docs/mock\.md\)' explain 502.5
expect_output "explain 500.30" "failed to start" explain 500.30
expect_output "explain 500.31" "native dependencies" explain 500.31
expect_output "explain 500.37" "startup time limit" explain 500.37
expect_output "explain 502.3" "forwarder connection error" explain 502.3
expect_output "explain 403.14 mock" 'status = "403\.14"' explain 403.14
expect_error "explain 500.39" 2 "500\.38" explain 500.39

expect_error "explain 299" 2 "unknown code 299" explain 299
expect_error "explain 299 nearest" 2 "nearest HTTP: 226" explain 299
expect_error "explain 403.99" 2 "403\.22" explain 403.99
expect_error "explain ftp 999" 2 "unknown FTP reply code 999" explain ftp 999
expect_error "explain http 530" 2 "unknown HTTP status code 530" explain http 530
expect_error "explain abc" 2 "not a code" explain abc
expect_error "explain ftp 403.14" 2 "no substatus" explain ftp 403.14
expect_error "explain smtp 250" 2 "unknown protocol" explain smtp 250
expect_error "explain abc mentions win32" 2 "win32 64" explain abc

# JSON: explain gives an array of the matching entries; codes gives the registry.
"$bin" explain --json 421 >"$tmp/explain.json" || fail "explain --json 421 failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert [o["protocol"] for o in a] == ["http", "ftp"], a
assert all(o["code"] == "421" for o in a), a
' "$tmp/explain.json" || fail "explain --json 421 content"

"$bin" explain --json win32 2147942405 >"$tmp/win32.json" || fail "explain --json win32 failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) == 1, a
o = a[0]
assert o["code"] == "2147942405" and o["protocol"] == "win32", o
assert o["reason"] == "ERROR_ACCESS_DENIED" and o["hex"] == "0x80070005", o
assert o["signed"] == -2147024891 and o["wraps_win32"] == 5 and o["hresult"] is True, o
assert o["meaning"] and o["in_iis_log"] and "401.3" in o["related"], o
' "$tmp/win32.json" || fail "explain --json win32 content"

"$bin" codes win32 --json >"$tmp/win32s.json" || fail "codes win32 --json failed"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert len(a) >= 40, len(a)
assert all(o["protocol"] == "win32" and o["reason"] and o["meaning"] for o in a)
values = [o["value"] for o in a]
assert values == sorted(values) and len(set(values)) == len(values)
names = {o["reason"]: o["value"] for o in a}
for name, value in [("ERROR_NETNAME_DELETED", 64), ("ERROR_CONNECTION_ABORTED", 1236),
                    ("ERROR_LOGON_FAILURE", 1326), ("WSAECONNRESET", 10054),
                    ("SEC_E_NO_CREDENTIALS", 2148074254)]:
    assert names.get(name) == value, (name, names.get(name))
print(len(a), "Win32 status codes and HRESULTs")
' "$tmp/win32s.json" || fail "codes win32 --json content"
expect_output "codes win32 table" "^64 +0x00000040 +ERROR_NETNAME_DELETED" codes win32

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

# explain --log: one pasted line, its codes explained together, and a scenario that loads.
iis_line='2026-01-05 10:12:01 10.1.1.4 GET /app/default.aspx - 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0) - 500 19 13 31'
expect_output "explain --log IIS substatus" "500\.19 Configuration data invalid" explain --log "$iis_line"
expect_output "explain --log IIS win32" "13 ERROR_INVALID_DATA" explain --log "$iis_line"
expect_output "explain --log IIS scenario" "status = '500\.19', substatus = 'if-shown'" explain --log "$iis_line"
"$bin" explain --log "$iis_line" | sed -n '/^# Written by/,$p' >"$tmp/from-line.toml"
"$bin" lint "$tmp/from-line.toml" --var http=http://HOST >"$tmp/lint.out" 2>&1 || fail "explain --log scenario does not lint: $(head -c 300 "$tmp/lint.out")"
ftp_line='2026-01-05 10:13:44 203.0.113.9 CORP\ana 10.1.1.4 21 PASS *** 530 1326 41 3f2a0007 -'
expect_output "explain --log IIS FTP win32" "1326 ERROR_LOGON_FAILURE" explain --log "$ftp_line"
expect_output "explain --log IIS FTP login first" "USER CORP.ana" explain --log "$ftp_line"
expect_output "explain --log IIS FTP wrong password" "PASS replycheck-deliberately-wrong" explain --log "$ftp_line"
combined='198.51.100.3 - - [05/Jan/2026:10:14:07 +0000] "GET /img/a.png HTTP/1.1" 304 0 "https://example.org/" "Mozilla/5.0"'
expect_output "explain --log combined 304" "If-None-Match = '\\$\\{etag\\}'" explain --log "$combined"
"$bin" explain --log "$combined" --json >"$tmp/log.json" || fail "explain --log --json exit"
python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); assert o["status"] == 304 and "[[scenario]]" in o["scenario"], o' \
    "$tmp/log.json" || fail "explain --log --json content"
expect_error "explain --log garbage" 2 "cannot read the line" explain --log "this is not a log line"
expect_error "explain code and --log" 2 "either a code or --log" explain 404 --log "$combined"
expect_error "explain nothing" 2 "which code" explain

if [[ $failures -gt 0 ]]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all explain/codes checks passed"
