#!/usr/bin/env bash
# TLS against real servers started by ci/servers/start with certificates made here by openssl:
# `run` over vsftpd (explicit with AUTH TLS mid-session, implicit, --force-tls), ProFTPD mod_tls
# and nginx HTTPS (--cacert, --insecure, --cert/--key); certificate problems named (expired,
# not yet valid, wrong name, untrusted, plain text where TLS was expected) through libcurl and
# through the Asio FTP client; smoke ftpes:// and ftps:// passing, and failing when the
# certificate is bad.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v openssl >/dev/null || { echo "SKIP: openssl is not installed"; exit 77; }
work=$(mktemp -d)
chmod 755 "$work"  # proftpd enters the root as 'ftp': every folder above must be searchable
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
printf 'hello over tls\n' > "$work/root/hello.txt"
chmod 755 "$work/root"

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# start NAME KIND ARGS...: starts a server, sets ${NAME}_port; 77 (missing binary) skips all.
start() {
  local name=$1 kind=$2
  shift 2
  "$src/ci/servers/start" "$kind" "$work/$name" "$work/root" "$@" >/dev/null
  local status=$?
  [ $status -eq 77 ] && { echo "SKIP: $kind is not installed (ci/deps installs it)"; exit 77; }
  [ $status -eq 0 ] || { echo "FAIL: $kind $* did not start"; cat "$work/$name/server.log" 2>/dev/null; exit 1; }
  servers+=("$work/$name")
  printf -v "${name}_port" '%s' "$(cat "$work/$name/port")"
}

start vs_tls vsftpd --tls "$certs/good.pem" "$certs/good.key"
start vs_imp vsftpd --tls "$certs/good.pem" "$certs/good.key" --implicit
start vs_force vsftpd --tls "$certs/good.pem" "$certs/good.key" --force-tls
start vs_expired vsftpd --tls "$certs/expired.pem" "$certs/expired.key"
start vs_wrong vsftpd --tls "$certs/wrongname.pem" "$certs/wrongname.key"
start vs_plain vsftpd
start pf_tls proftpd --tls "$certs/good.pem" "$certs/good.key"
start pf_force proftpd --tls "$certs/good.pem" "$certs/good.key" --force-tls
start ng_good nginx --tls "$certs/good.pem" "$certs/good.key" --allow-header
start ng_expired nginx --tls "$certs/expired.pem" "$certs/expired.key"
start ng_future nginx --tls "$certs/future.pem" "$certs/future.key"
start ng_wrong nginx --tls "$certs/wrongname.pem" "$certs/wrongname.key"
start ng_self nginx --tls "$certs/self.pem" "$certs/self.key"
start ng_client nginx --tls "$certs/good.pem" "$certs/good.key" --client-ca "$certs/ca.pem" --allow-header

# The servers themselves, seen by clients nobody here wrote.
curl -sS --cacert "$certs/ca.pem" "https://localhost:$ng_good_port/hello.txt" | grep -q 'hello over tls' ||
  fail "curl cannot fetch from nginx --tls"
curl -sS --ssl-reqd --cacert "$certs/ca.pem" "ftp://localhost:$vs_force_port/hello.txt" | grep -q 'hello over tls' ||
  fail "curl cannot fetch from vsftpd --tls --force-tls"
curl -sS --cacert "$certs/ca.pem" "ftps://localhost:$vs_imp_port/hello.txt" | grep -q 'hello over tls' ||
  fail "curl cannot fetch from vsftpd --implicit"
curl -sS --ssl-reqd --cacert "$certs/ca.pem" "ftp://localhost:$pf_tls_port/hello.txt" | grep -q 'hello over tls' ||
  fail "curl cannot fetch from proftpd --tls"

# run_case NAME EXPECTED-EXIT GREP-PATTERN FILE ARGS...: runs a scenario file, checks the exit
# code and that the output holds the pattern ("" for none).
run_case() {
  local name=$1 want=$2 pattern=$3 file=$4
  shift 4
  NO_COLOR=1 timeout 60 "$rc" run "$file" --timeout 5s "$@" >"$work/$name.out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$name: exit $got, wanted $want"; sed 's/^/    /' "$work/$name.out" | head -40
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" "$work/$name.out"; then
    fail "$name: output lacks /$pattern/"; sed 's/^/    /' "$work/$name.out" | head -40
  else
    echo "ok: $name"
  fi
}

# AUTH TLS as a step: the login refused before it, then TLS, login, a transfer refused over a
# clear data connection and one accepted after PBSZ 0 / PROT P, then PROT C (RFC 4217 §4, §9).
auth_scenario() {  # FILE USER-REFUSAL-CODE ("" for none) PROT-C-CODE
  {
    printf '[suite]\nname = "AUTH TLS mid-session"\n[[scenario]]\nname = "AUTH TLS, login and a PROT P transfer"\n'
    printf '  [[scenario.step]]\n  ftp = { greeting = true }\n  expect = { code = 220 }\n'
    [ -n "$2" ] && printf '  [[scenario.step]]\n  ftp = "USER anonymous"\n  expect = { code = %s }\n' "$2"
    cat <<TOML
  [[scenario.step]]
  ftp = "AUTH TLS"
  expect = { code = 234 }
  [[scenario.step]]
  ftp = { login = { user = "anonymous", password = "tls@example.com" } }
  expect = { code = 230 }
  [[scenario.step]]
  ftp = { transfer = "RETR hello.txt" }
  expect = { code = 522 }
  [[scenario.step]]
  ftp = "PBSZ 0"
  expect = { code = 200 }
  [[scenario.step]]
  ftp = "PROT P"
  expect = { code = 200 }
  [[scenario.step]]
  ftp = { transfer = "RETR hello.txt" }
  expect = { code = 226, body = "hello over tls\n" }
  [[scenario.step]]
  ftp = "PROT C"
  expect = { code = $3 }
TOML
  } > "$1"
}
# vsftpd closes the session after refusing USER before TLS, so its scenario starts with AUTH
# TLS; ProFTPD keeps it open (550), and refuses PROT C under TLSRequired (534).
auth_scenario "$work/auth_vsftpd.toml" "" 200
run_case auth-tls-vsftpd 0 '1 passed' "$work/auth_vsftpd.toml" --var "ftp=localhost:$vs_force_port" --cacert "$certs/ca.pem"
run_case auth-tls-vsftpd-untrusted 1 'untrusted certificate: no trusted authority issued' \
  "$work/auth_vsftpd.toml" --var "ftp=localhost:$vs_force_port"
run_case auth-tls-vsftpd-insecure 0 '1 passed' "$work/auth_vsftpd.toml" --var "ftp=localhost:$vs_force_port" --insecure
auth_scenario "$work/auth_proftpd.toml" 550 534
run_case auth-tls-proftpd 0 '1 passed' "$work/auth_proftpd.toml" --var "ftp=localhost:$pf_force_port" --cacert "$certs/ca.pem"
# The same steps expecting vsftpd's 530 fail on ProFTPD's 550: the step is judged, not skipped.
auth_scenario "$work/auth_proftpd_530.toml" 530 534
run_case auth-tls-proftpd-530 1 'expected code 530, got 550|expected 530.*550' "$work/auth_proftpd_530.toml" \
  --var "ftp=localhost:$pf_force_port" --cacert "$certs/ca.pem"
# An AUTH TLS step with a ca_file of its own handshakes with it (no --cacert given).
cat > "$work/auth_own_ca.toml" <<TOML
[suite]
name = "AUTH TLS with the step's own ca_file"
[[scenario]]
name = "AUTH TLS, then login"
  [[scenario.step]]
  ftp = { greeting = true }
  expect = { code = 220 }
  [[scenario.step]]
  ftp = { command = "AUTH TLS", ca_file = "$certs/ca.pem" }
  expect = { code = 234 }
  [[scenario.step]]
  ftp = { login = { user = "anonymous", password = "tls@example.com" } }
  expect = { code = 230 }
TOML
run_case auth-tls-own-ca 0 '1 passed' "$work/auth_own_ca.toml" --var "ftp=localhost:$vs_tls_port"
sed "s|, ca_file = \"$certs/ca.pem\" }| }|" "$work/auth_own_ca.toml" > "$work/auth_no_ca.toml"
run_case auth-tls-no-ca 1 'untrusted certificate' "$work/auth_no_ca.toml" --var "ftp=localhost:$vs_tls_port"

# Implicit FTPS and the step's own keys.
cat > "$work/implicit.toml" <<TOML
[suite]
name = "implicit FTPS"
[[scenario]]
name = "TLS from the first byte, PBSZ/PROT P set up, RETR over TLS"
  [[scenario.step]]
  ftp = { login = { user = "anonymous", password = "tls@example.com" }, to = "ftps://localhost:\${port}" }
  expect = { code = 230 }
  [[scenario.step]]
  ftp = { transfer = "RETR hello.txt" }
  expect = { code = 226, body = "hello over tls\n" }
TOML
run_case implicit-vsftpd 0 '1 passed' "$work/implicit.toml" --var "port=$vs_imp_port" --cacert "$certs/ca.pem"
run_case implicit-on-plain-server 1 'plain text where TLS was expected' "$work/implicit.toml" \
  --var "port=$vs_plain_port" --cacert "$certs/ca.pem"

# Certificate problems through the Asio FTP client (ftpes://: AUTH TLS at connect).
cat > "$work/ftpes.toml" <<TOML
[suite]
name = "explicit FTPS"
[[scenario]]
name = "login over AUTH TLS"
  [[scenario.step]]
  ftp = { login = { user = "anonymous", password = "tls@example.com" }, to = "ftpes://\${host}:\${port}" }
  expect = { code = 230 }
TOML
run_case ftpes-expired 1 "certificate expired: 'CN=localhost' was valid until [0-9]{4}-" "$work/ftpes.toml" \
  --var host=localhost --var "port=$vs_expired_port" --cacert "$certs/ca.pem"
run_case ftpes-wrong-name 1 "wrong name: the certificate is for DNS:other.example, not 'localhost'" "$work/ftpes.toml" \
  --var host=localhost --var "port=$vs_wrong_port" --cacert "$certs/ca.pem"
run_case ftpes-good 0 '1 passed' "$work/ftpes.toml" --var host=localhost --var "port=$vs_tls_port" --cacert "$certs/ca.pem"

# HTTPS through libcurl: trusted, then each certificate problem by name.
cat > "$work/https.toml" <<TOML
[suite]
name = "HTTPS"
[[scenario]]
name = "GET over TLS"
  [[scenario.step]]
  request = { url = "https://\${host}:\${port}/hello.txt" }
  expect = { status = 200, body = "hello over tls\n" }
TOML
run_case https-good 0 '1 passed' "$work/https.toml" --var host=localhost --var "port=$ng_good_port" --cacert "$certs/ca.pem"
run_case https-expired 1 'certificate expired' "$work/https.toml" --var host=localhost --var "port=$ng_expired_port" --cacert "$certs/ca.pem"
run_case https-future 1 'certificate not yet valid' "$work/https.toml" --var host=localhost --var "port=$ng_future_port" --cacert "$certs/ca.pem"
run_case https-wrong-name 1 "wrong name: the certificate does not name 'localhost'" "$work/https.toml" \
  --var host=localhost --var "port=$ng_wrong_port" --cacert "$certs/ca.pem"
run_case https-self-signed 1 'untrusted certificate: .* is self-signed' "$work/https.toml" \
  --var host=localhost --var "port=$ng_self_port" --cacert "$certs/ca.pem"
run_case https-plain-text 1 'plain text where TLS was expected' "$work/https.toml" \
  --var host=localhost --var "port=$vs_plain_port" --cacert "$certs/ca.pem"
run_case https-expired-insecure 0 '1 passed' "$work/https.toml" --var host=localhost --var "port=$ng_expired_port" --insecure
# A step's own ca_file wins over --cacert (here: the self-signed certificate trusts itself).
sed "s|request = { url = \"https://\${host}:\${port}/hello.txt\" }|request = { url = \"https://\${host}:\${port}/hello.txt\", ca_file = \"$certs/self.pem\" }|" \
  "$work/https.toml" > "$work/https_own_ca.toml"
run_case https-step-ca-wins 0 '1 passed' "$work/https_own_ca.toml" --var host=localhost --var "port=$ng_self_port" --cacert "$certs/ca.pem"
# A client certificate: nginx wants one signed by the test authority (400 without it).
run_case https-client-cert 0 '1 passed' "$work/https.toml" --var host=localhost --var "port=$ng_client_port" \
  --cacert "$certs/ca.pem" --cert "$certs/client.pem" --key "$certs/client.key"
run_case https-no-client-cert 1 'got 400|status 400|400 Bad Request' "$work/https.toml" --var host=localhost \
  --var "port=$ng_client_port" --cacert "$certs/ca.pem"
NO_COLOR=1 "$rc" run "$work/https.toml" --cert "$certs/client.pem" >"$work/half.out" 2>&1
[ $? -eq 2 ] && grep -q -- '--cert and --key' "$work/half.out" || fail "run --cert without --key is not a usage error"

# Alerts, from openssl s_server: a TLS 1.3 server that requires a client certificate (its
# "certificate required" alert comes after the client's handshake), and a TLS 1.2 server with
# no cipher in common with its RSA key ("handshake failure"). Both clients: libcurl and raw.
s_server() {  # NAME ARGS...: sets ${NAME}_port; stopped with the test
  local name=$1 port
  shift
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  timeout 300 openssl s_server -accept "127.0.0.1:$port" -www -quiet "$@" >"$work/$name.log" 2>&1 < /dev/null &
  s_servers+=($!)
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  printf -v "${name}_port" '%s' "$port"
}
s_servers=()
trap 'for p in "${s_servers[@]}"; do kill "$p" 2>/dev/null; done; cleanup' EXIT
s_server ss_client -cert "$certs/good.pem" -key "$certs/good.key" -CAfile "$certs/ca.pem" -Verify 1 -verify_return_error
s_server ss_cipher -cert "$certs/good.pem" -key "$certs/good.key" -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256
cat > "$work/alerts.toml" <<TOML
[suite]
name = "alerts"
allow = ["http.date.*"]
[[scenario]]
name = "libcurl"
  [[scenario.step]]
  request = { url = "https://localhost:\${port}/" }
  expect = { status = 200 }
[[scenario]]
name = "raw"
  [[scenario.step]]
  raw = { send = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", to = "https://localhost:\${port}", insecure = false }
  expect = { status = 200 }
TOML
run_case alert-certificate-required 1 "2 errors" "$work/alerts.toml" --var "port=$ss_client_port" --cacert "$certs/ca.pem"
named_by_both() {  # FILE TEXT: libcurl's line carries "[libcurl: ...]", the raw client's does not
  grep -F "$2" "$1" | grep -q 'libcurl:' && grep -F "$2" "$1" | grep -vq 'libcurl:'
}
named_by_both "$work/alert-certificate-required.out" "alert 'certificate required': it wants a valid client certificate" ||
  fail "alert-certificate-required: not named for both clients"
run_case alert-certificate-given 0 "2 passed" "$work/alerts.toml" --var "port=$ss_client_port" --cacert "$certs/ca.pem" \
  --cert "$certs/client.pem" --key "$certs/client.key"
run_case alert-handshake-failure 1 "2 errors" "$work/alerts.toml" --var "port=$ss_cipher_port" --cacert "$certs/ca.pem"
named_by_both "$work/alert-handshake-failure.out" "the server sent alert 'handshake failure'" ||
  fail "alert-handshake-failure: not named for both clients"

# smoke_case NAME EXPECTED-EXIT PATTERN URL ARGS...
smoke_case() {
  local name=$1 want=$2 pattern=$3 url=$4
  shift 4
  NO_COLOR=1 timeout 120 "$rc" smoke "$url" --timeout 3s "$@" >"$work/$name.out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$name: exit $got, wanted $want"; sed 's/^/    /' "$work/$name.out" | head -60
  elif [ -n "$pattern" ] && ! grep -Eq "$pattern" "$work/$name.out"; then
    fail "$name: output lacks /$pattern/"; sed 's/^/    /' "$work/$name.out" | head -60
  else
    echo "ok: $name"
  fi
}
smoke_case smoke-ftpes-vsftpd 0 '^PASS +PROT P transfer runs over TLS' "ftpes://localhost:$vs_tls_port/hello.txt" --cacert "$certs/ca.pem"
smoke_case smoke-ftps-vsftpd 0 '^PASS +PROT P transfer runs over TLS' "ftps://localhost:$vs_imp_port/hello.txt" --cacert "$certs/ca.pem"
smoke_case smoke-ftpes-proftpd 0 '^PASS +AUTH TLS gives 234' "ftpes://localhost:$pf_tls_port/hello.txt" --cacert "$certs/ca.pem"
smoke_case smoke-ftpes-expired 1 'certificate expired' "ftpes://localhost:$vs_expired_port/hello.txt" --cacert "$certs/ca.pem"
smoke_case smoke-ftps-untrusted 1 'untrusted certificate' "ftps://localhost:$vs_imp_port/hello.txt"
smoke_case smoke-https-nginx 0 '^PASS' "https://localhost:$ng_good_port/hello.txt" --cacert "$certs/ca.pem"
smoke_case smoke-https-wrong-name 1 "wrong name" "https://localhost:$ng_wrong_port/hello.txt" --cacert "$certs/ca.pem"
smoke_case smoke-https-client-cert 0 '^PASS' "https://localhost:$ng_client_port/hello.txt" --cacert "$certs/ca.pem" \
  --cert "$certs/client.pem" --key "$certs/client.key"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo ok
