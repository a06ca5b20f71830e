#!/usr/bin/env bash
# `replycheck smoke` and FTP over TLS on real vsftpd servers (certificates made here by openssl):
#  - ftp:// on a server that requires TLS (--force-tls): the refusal at USER is named, ftpes://
#    suggested, and the run does not fail (information); a plain server, a user refused under
#    TLS too, or a certificate that cannot be checked get no such advice;
#  - ftpes:// on vsftpd with TLS: AUTH TLS, PBSZ 0, PROT P and a PROT P transfer pass, each
#    probe under its id; on a server requiring TLS the refused plain login is information;
#  - ftpes:// on a server without TLS fails at AUTH TLS, naming the refusal;
#  - --strict makes PROT before PBSZ (answered 200 by vsftpd) a failure, with its RFC sections.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v openssl >/dev/null || { echo "SKIP: openssl is not installed"; exit 77; }
work=$(mktemp -d)
chmod 755 "$work"
servers=()
cleanup() {
  for s in "${servers[@]}"; do "$src/ci/servers/stop" "$s" >/dev/null 2>&1; done
  rm -rf "$work"
}
trap cleanup EXIT
. "$src/tests/integration/lib/tls_certs.sh"
make_certs "$work/certs" || { echo "FAIL: could not make the test certificates"; exit 1; }
certs=$work/certs
mkdir -p "$work/root"
printf 'smoke over tls\n' > "$work/root/hello.txt"
chmod 755 "$work/root"

start() {  # NAME ARGS...: vsftpd, sets ${NAME}_port
  local name=$1
  shift
  "$src/ci/servers/start" vsftpd "$work/$name" "$work/root" "$@" >/dev/null
  local status=$?
  [ $status -eq 77 ] && { echo "SKIP: vsftpd is not installed (ci/deps unpacks it)"; exit 77; }
  [ $status -eq 0 ] || { echo "FAIL: vsftpd $* did not start"; exit 1; }
  servers+=("$work/$name")
  printf -v "${name}_port" '%s' "$(cat "$work/$name/port")"
}
start tls --tls "$certs/good.pem" "$certs/good.key"
start force --tls "$certs/good.pem" "$certs/good.key" --force-tls
start plain

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# check NAME EXPECTED-EXIT URL ARGS... -- then patterns: +PATTERN must be in the output,
# -PATTERN must not.
check() {
  local name=$1 want=$2 url=$3
  shift 3
  local args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
  shift
  NO_COLOR=1 timeout 120 "$rc" smoke "$url" --timeout 3s "${args[@]}" >"$work/$name.out" 2>&1
  local got=$? ok=1
  [ "$got" -eq "$want" ] || { fail "$name: exit $got, wanted $want"; ok=0; }
  for p in "$@"; do
    case "$p" in
      +*) grep -Eq -- "${p#+}" "$work/$name.out" || { fail "$name: output lacks /${p#+}/"; ok=0; } ;;
      -*) ! grep -Eq -- "${p#-}" "$work/$name.out" || { fail "$name: output has /${p#-}/"; ok=0; } ;;
    esac
  done
  if [ $ok -eq 1 ]; then echo "ok: $name"; else sed 's/^/    /' "$work/$name.out" | head -50; fi
}

check ftp-on-tls-only 0 "ftp://localhost:$force_port/hello.txt" --cacert "$certs/ca.pem" -- \
  '+^SKIP +login gives 230' '+530 Anonymous sessions must use encryption' \
  "+try ftpes://localhost:$force_port/hello.txt" '+smoke.ftp.tls-required' '-^FAIL'
# The policy is confirmed by the same USER taken under TLS: with a certificate that cannot be
# checked, or a user the server refuses anyway, the refusal stays a failed login.
check ftp-on-tls-only-unverified 1 "ftp://localhost:$force_port/hello.txt" -- '+^FAIL +login gives 230' '-ftpes://'
check ftp-on-tls-only-other-user 1 "ftp://alice:secret@localhost:$force_port/hello.txt" --cacert "$certs/ca.pem" -- \
  '+^FAIL +login gives 230' '-ftpes://' '-secret'
check ftp-on-plain 0 "ftp://localhost:$plain_port/hello.txt" -- '+^PASS +login gives 230' '-ftpes://'

check ftpes-on-tls 0 "ftpes://localhost:$tls_port/hello.txt" --cacert "$certs/ca.pem" -- \
  '+^PASS +AUTH TLS gives 234' '+^PASS +PBSZ 0 gives 200' '+^PASS +PROT P gives 200' \
  '+^PASS +PROT P transfer runs over TLS' '+^PASS +login before AUTH TLS' \
  '+SHOULD .*smoke.ftp.prot-before-pbsz-503' '-^FAIL'
check ftpes-on-tls-only 0 "ftpes://localhost:$force_port/hello.txt" --cacert "$certs/ca.pem" -- \
  '+^SKIP +login before AUTH TLS \(information\)' '+refuses a login before AUTH TLS \(530 ' \
  '+^PASS +PROT P transfer runs over TLS' '-^FAIL'
check ftpes-on-plain 1 "ftpes://localhost:$plain_port/hello.txt" --cacert "$certs/ca.pem" -- \
  '+^FAIL +AUTH TLS gives 234' '+smoke.ftp.auth-tls-234 \(RFC 4217 §4\): AUTH TLS refused \(530 ' \
  '+nothing is sent on an unprotected ftpes:// session' '-^PASS +login gives 230'
check ftpes-strict 1 "ftpes://localhost:$tls_port/hello.txt" --cacert "$certs/ca.pem" --strict -- \
  '+^FAIL +PROT before PBSZ gives 503' '+smoke.ftp.prot-before-pbsz-503 \(RFC 2228 §3; RFC 4217 §9\)'
check ftpes-allowed 0 "ftpes://localhost:$tls_port/hello.txt" --cacert "$certs/ca.pem" --strict \
  --allow smoke.ftp.prot-before-pbsz-503 -- '-^FAIL'
check ftpes-untrusted 1 "ftpes://localhost:$tls_port/hello.txt" -- \
  '+untrusted certificate: no trusted authority issued' '-^PASS +login gives 230'

# The JSON report keeps the probe ids.
NO_COLOR=1 timeout 60 "$rc" smoke "ftpes://localhost:$tls_port/hello.txt" --cacert "$certs/ca.pem" \
  --report-json "$work/report.json" >/dev/null 2>&1
grep -q 'PROT P transfer runs over TLS' "$work/report.json" 2>/dev/null || fail "the JSON report lacks the TLS probes"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo ok
