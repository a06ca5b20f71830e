#!/usr/bin/env bash
# The FTP smoke probes against `replycheck mock`:
#  - the mock's defaults pass every probe, one ftp:// URL in well under a second;
#  - probes leave the session as they found it: EPSV refused with 502 is not sent again (the
#    transfers use PASV), and a server that holds commands while a passive listener waits
#    (script `hold`) does not stall the session, since every announced port is connected to;
#  - each probe's defect, from a scripted mock, fails with its expectation id (the PORT bounce
#    is a SHOULD: a warning, a failure with --strict).
set -uo pipefail

bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
src=${REPLYCHECK_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do mock_stop "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir -p "$work/ftproot"
printf 'hello world, this is the smoke test file\n' > "$work/ftproot/file.txt"

# start_mock NAME SCRIPTS: a mock over ftproot (anonymous and alice) with the TOML SCRIPTS;
# sets addr.
start_mock() {
  local name=$1
  cat > "$work/$name.toml" <<TOML
[mock.ftp]
root = "$work/ftproot"
anonymous = true
users = [{ name = "alice", password = "s3cret-pw" }]
$2
TOML
  "$bin" mock "$work/$name.toml" > "$work/$name.out" 2> "$work/$name.err" &
  local pid=$!
  pids+=("$pid")
  if ! mock_wait "$work/$name.out" "$pid" ftp; then
    echo "mock $name did not start:" >&2
    cat "$work/$name.err" >&2
    return 1
  fi
  addr=$(mock_listener "$work/$name.out" ftp)
}

. "$src/tests/integration/lib/smoke.sh"

# 1. The mock's defaults: every new probe passes.
start_mock clean "" || exit 1
expect_smoke clean 0 "32 passed, 0 failed, 0 errors, 0 skipped" \
  "PASS  HOST before login gives 220" "PASS  CDUP at the root stays at the root" "PASS  NOOP gives 200" \
  "PASS  HELP gives 214" "PASS  STAT gives 211" "PASS  TYPE A N gives 200" "PASS  MODE S gives 200" \
  "PASS  STRU F gives 200" "PASS  MODE Z is refused" "PASS  STRU Z is refused" "PASS  ALLO gives 200 or 202" \
  "PASS  OPTS UTF8 ON gives 200" "PASS  PORT to a third-party address is refused" "PASS  ABOR during a transfer" \
  -- "ftp://alice:s3cret-pw@$addr/file.txt"
expect_smoke clean-dir 0 "0 failed, 0 errors" "PASS  ABOR during a transfer" -- "ftp://$addr/"

# 2. EPSV refused: the EPSV probe is skipped, the transfers use PASV (EPSV is sent once). And
#    HOST answered 504 (RFC 7151 §3.2: no virtual host of that name) is a skip, not a failure.
start_mock epsv-refused '
[[mock.ftp.script]]
match = { command = "EPSV" }
reply = "502 EPSV not implemented."
[[mock.ftp.script]]
match = { command = "HOST" }
reply = "504 Unknown hostname provided."' || exit 1
expect_smoke epsv-refused 0 "SKIP  EPSV gives 229" "PASS  LIST transfers a listing" "PASS  ABOR during a transfer" \
  "SKIP  HOST before login gives 220" "serves no virtual host named 127\.0\.0\.1 \(504 Unknown hostname" \
  -- "ftp://$addr/file.txt" --report-json "$work/epsv-refused.json"
epsv_count=$(grep -o '> EPSV' "$work/epsv-refused.json" | wc -l)
[ "$epsv_count" -eq 1 ] || fail "EPSV was sent $epsv_count times after its 502 (expected once)"
grep -q '> PASV' "$work/epsv-refused.json" || fail "the transfers did not use PASV after EPSV was refused"

# 3. A server that reads no command while its passive listener waits (30 s, beyond the 2 s
#    timeout): the probes connect to every port they are given, so nothing stalls.
start_mock held-listener '
[[mock.ftp.script]]
match = { command = "EPSV" }
hold = "30s"
[[mock.ftp.script]]
match = { command = "PASV" }
hold = "30s"' || exit 1
start=$(date +%s%N)
expect_smoke held-listener 0 "32 passed, 0 failed, 0 errors" "PASS  EPSV gives 229" "PASS  PASV gives 227" \
  -- "ftp://alice:s3cret-pw@$addr/file.txt"
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$took" -lt 20000 ] || fail "held-listener took ${took} ms: a probe waited for a held command (30 s)"

# 4. Each new probe's defect, all in one scripted mock.
start_mock defects '
[[mock.ftp.script]]
match = { command = "HOST" }
reply = "500 HOST not understood."
[[mock.ftp.script]]
match = { command = "PWD" }
times = 1
reply = "257 \"/\" is the current directory."
[[mock.ftp.script]]
match = { command = "PWD" }
times = 1
reply = "257 \"/srv\" is the current directory."
[[mock.ftp.script]]
match = { command = "NOOP" }
reply = "502 NOOP not implemented."
[[mock.ftp.script]]
match = { command = "HELP" }
reply = "501 Syntax error."
[[mock.ftp.script]]
match = { command = "STAT" }
reply = "450 Status not available."
[[mock.ftp.script]]
match = { command = "TYPE", argument = "A N" }
reply = "504 Binary only."
[[mock.ftp.script]]
match = { command = "MODE", argument = "S" }
reply = "504 Not that mode."
[[mock.ftp.script]]
match = { command = "MODE", argument = "Z" }
reply = "200 Mode set."
[[mock.ftp.script]]
match = { command = "STRU", argument = "F" }
reply = "504 Not that structure."
[[mock.ftp.script]]
match = { command = "STRU", argument = "Z" }
reply = "200 Structure set."
[[mock.ftp.script]]
match = { command = "ALLO" }
reply = "501 Syntax error in parameters."
[[mock.ftp.script]]
match = { command = "OPTS" }
reply = "501 Option not understood."
[[mock.ftp.script]]
match = { command = "PORT" }
reply = "200 PORT command successful."
[[mock.ftp.script]]
match = { command = "ABOR" }
reply = "502 ABOR not implemented."' || exit 1
expect_smoke defects 1 "19 passed, 12 failed, 0 errors, 1 skipped" \
  "FAIL  HOST before login gives 220" "smoke\.ftp\.host-220 \(RFC 7151 §3\)" \
  "FAIL  CDUP at the root stays at the root" "smoke\.ftp\.cdup-root .*security: a directory above the root" \
  "FAIL  NOOP gives 200" "smoke\.ftp\.noop-200 \(RFC 959 §5\.4\)" \
  "FAIL  HELP gives 214" "smoke\.ftp\.help-214" \
  "FAIL  STAT gives 211" "smoke\.ftp\.stat-211" \
  "FAIL  TYPE A N gives 200" "smoke\.ftp\.type-a-n-200 \(RFC 959 §5\.1\)" \
  "FAIL  MODE S gives 200" "smoke\.ftp\.mode-s-200" "FAIL  MODE Z is refused" "smoke\.ftp\.mode-unknown-504" \
  "FAIL  STRU F gives 200" "smoke\.ftp\.stru-f-200" "FAIL  STRU Z is refused" "smoke\.ftp\.stru-unknown-504" \
  "FAIL  ALLO gives 200 or 202" "smoke\.ftp\.allo-200" \
  "FAIL  ABOR during a transfer" "smoke\.ftp\.abor \(RFC 959 §4\.1\.3\)" \
  "smoke\.ftp\.port-bounce-refused" \
  -- "ftp://$addr/file.txt"
grep -q "FAIL  PORT to a third-party address" "$work/smoke-defects.txt" \
  && fail "the PORT bounce (a SHOULD) failed without --strict"
grep -q "smoke\.ftp\.opts-utf8-200 (RFC 2389 §4; RFC 2640 §3\.2)" "$work/smoke-defects.txt" \
  || fail "the refused OPTS UTF8 ON (a SHOULD) is not reported as a warning"
grep -q "FAIL  OPTS UTF8 ON" "$work/smoke-defects.txt" && fail "OPTS UTF8 ON (a SHOULD) failed without --strict"
expect_smoke defects-strict 1 "FAIL  PORT to a third-party address is refused" "FAIL  OPTS UTF8 ON gives 200" \
  "smoke\.ftp\.port-bounce-refused \(RFC 2577 §3\).*security: FTP bounce" \
  -- "ftp://$addr/file.txt" --strict

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "smoke_ftp_probes: all checks passed"
