#!/usr/bin/env bash
# `replycheck smoke` over TLS against `replycheck mock`: https://, ftpes:// (AUTH TLS) and ftps://
# (implicit) pass with the mock's authority trusted (--cacert from --cert-out); without it the
# certificate problem is named; a mock that requires TLS for login is reported by `smoke ftp://`
# with the suggestion to use ftpes://, and the FTPS probes fail, each with its id, on a mock
# scripted to break PBSZ, PROT P or the protected transfer.
set -uo pipefail
bin=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
src=${REPLYCHECK_SOURCE_DIR:?}
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

. "$src/tests/integration/lib/mock.sh"

# start_mock NAME ARGS...: runs `replycheck mock ARGS`, waits for its listener lines.
start_mock() {
  local name=$1
  shift
  "$bin" mock "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  mock_wait "$work/$name.out" $! cert && return 0
  echo "mock $name did not start:" >&2
  cat "$work/$name.err" >&2
  return 1
}
addr() { mock_listener "$work/$1.out" "$2"; }

. "$src/tests/integration/lib/smoke.sh"
smoke_timeout=3s

start_mock tls --http 127.0.0.1:0 --https 127.0.0.1:0 --root "$src/scenarios/www" \
  --ftp 127.0.0.1:0 --ftps 127.0.0.1:0 --ftp-root "$src/scenarios/ftproot" --anonymous \
  --cert-out "$work/mock-ca.pem" || exit 1
https=$(addr tls https) ftp=$(addr tls ftp) ftps=$(addr tls ftps)
[ -n "$https" ] && [ -n "$ftps" ] || { fail "the mock printed no https/ftps line"; cat "$work/tls.out" >&2; exit 1; }

expect_smoke https 0 'passed' -- "https://$https/index.html" --cacert "$work/mock-ca.pem"
expect_smoke ftpes 0 'passed' 'AUTH TLS' 'PROT P' -- "ftpes://$ftp/readme.txt" --cacert "$work/mock-ca.pem"
expect_smoke ftps 0 'passed' -- "ftps://$ftps/readme.txt" --cacert "$work/mock-ca.pem"
# Without the authority the client refuses the certificate and says why.
expect_smoke https-untrusted 1 'untrusted|self-signed|unable to get local issuer' -- "https://$https/index.html"

# A server that requires TLS before login (vsftpd's force_local_logins_ssl): smoke ftp:// names the
# refusal and points at ftpes:// once the same login succeeds under TLS (so the authority is
# given); the probes after login are skipped, not failed: the server is right.
cat > "$work/policy.toml" <<TOML
[mock.ftp]
root = "$src/scenarios/ftproot"
users = [{ name = "alice", password = "wonderland" }]
login_tls = "required"
[mock.tls]
cert_out = "$work/policy-ca.pem"
TOML
start_mock policy "$work/policy.toml" || exit 1
policy=$(addr policy ftp)
expect_smoke ftp-requires-tls 0 'requires TLS before login' 'try ftpes://alice@' -- "ftp://alice:wonderland@$policy/readme.txt" --cacert "$work/policy-ca.pem"
expect_smoke ftpes-policy 0 'passed' -- "ftpes://alice:wonderland@$policy/readme.txt" --cacert "$work/policy-ca.pem"

# The FTPS probes' fail cases, from a mock scripted to behave like a broken FTPS server: PBSZ
# refused, PROT P refused, the protected transfer reset, and (with --strict) PROT before PBSZ
# accepted. Each failure cites its probe id.
cat > "$work/broken.toml" <<TOML
[mock.ftp]
root = "$src/scenarios/ftproot"
anonymous = true
[[mock.ftp.script]]
match = { command = "PBSZ" }
reply = "500 PBSZ not understood."
[mock.tls]
cert_out = "$work/broken-ca.pem"
TOML
cat > "$work/broken-prot.toml" <<TOML
[mock.ftp]
root = "$src/scenarios/ftproot"
anonymous = true
[[mock.ftp.script]]
match = { command = "PROT" }
reply = "200 PROT whatever."
[[mock.ftp.script]]
match = { command = "RETR" }
data = "reset"
[mock.tls]
cert_out = "$work/broken-prot-ca.pem"
TOML
for name in broken broken-prot; do start_mock "$name" "$work/$name.toml" || exit 1; done
expect_smoke pbsz-refused 1 'smoke.ftp.pbsz-200' 'smoke.ftp.prot-p-200' -- "ftpes://$(addr broken ftp)/readme.txt" --cacert "$work/broken-ca.pem"
expect_smoke prot-p-transfer-reset 1 'smoke.ftp.prot-p-transfer' -- \
  "ftpes://$(addr broken-prot ftp)/readme.txt" --cacert "$work/broken-prot-ca.pem"
expect_smoke prot-before-pbsz-strict 1 'smoke.ftp.prot-before-pbsz-503' -- \
  "ftpes://$(addr broken-prot ftp)/readme.txt" --cacert "$work/broken-prot-ca.pem" --strict

[ $failures -eq 0 ] || exit 1
echo ok
