#!/usr/bin/env bash
# The mock's HTTPS side against clients nobody here wrote: curl (trusting the certificate the
# mock writes with --cert-out / cert_out), openssl s_client (ALPN) and client certificates made
# by the openssl command. Checks: HTTPS with the run's certificate, the journal's "tls" object,
# 403.4 on plain HTTP under require_tls, 403.7 / 403.16 / 403.17 under require_client_cert with
# no / untrusted / expired client certificates, client_cert = "required", script matches on
# tls and client_cert, every TLS script fault seen by curl as the error it names (no_close_notify
# by openssl s_client: curl 7.88 ignores a missing close_notify), and exit code 2 for unusable
# certificate flags.
#
# The expired client certificate: OpenSSL 3.0 (Debian 12) cannot back-date with `x509 -days`
# (no -not_before/-not_after before 3.4), but `openssl ca -startdate ... -enddate ...` signs
# with any validity period, so a tiny CA database below issues one valid in January 2020.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77
command -v openssl >/dev/null || exit 77

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www/secure" "$work/www/certs"
printf 'hello tls\n' > "$work/www/hello.txt"
printf 'secret\n' > "$work/www/secure/s.txt"
printf 'for certificate holders\n' > "$work/www/certs/c.txt"

. "${REPLYCHECK_SOURCE_DIR:?}/tests/integration/lib/mock.sh"

# Starts the mock; sets HTTP, HTTPS (HOST:PORT), MOCK_PID, OUT (waits at most 10 s for the lines).
start_mock() {
    OUT="$work/out.$RANDOM"
    "$REPLYCHECK" mock "$@" >"$OUT" 2>"$work/err.txt" &
    MOCK_PID=$!
    pids+=("$MOCK_PID")
    mock_wait "$OUT" "$MOCK_PID" https cert || true   # the https line is checked below
    HTTPS=$(mock_listener "$OUT" https)
    [ -n "$HTTPS" ] || { cat "$work/err.txt" >&2; fail "no 'https 127.0.0.1:PORT' line"; }
    HTTP=$(mock_listener "$OUT" http)
}

stop_mock() { mock_stop "$MOCK_PID" || fail "mock did not stop on SIGTERM"; }

# curl against the mock, trusting the written certificate: the status in STATUS ("000" for
# none), the body in $work/body, curl's exit code in CURL_RC and its message in $work/curl-err.
fetch() {
    local url=$1; shift
    set +e
    STATUS=$(curl -s -S --max-time 10 --cacert "$work/mock-ca.pem" -o "$work/body" -w '%{http_code}' "$@" "$url" 2>"$work/curl-err")
    CURL_RC=$?
    set -e
}
set -e

# --- Client certificates, made with the openssl command ----------------------------------------
certs="$work/certs"
mkdir -p "$certs/db"
new_key_csr() {   # NAME CN
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$certs/$1.key" \
        -out "$certs/$1.csr" -subj "/CN=$2/O=replycheck test" 2>/dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=test client CA" \
    -keyout "$certs/client-ca.key" -out "$certs/client-ca.pem" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=someone else" \
    -keyout "$certs/other-ca.key" -out "$certs/other-ca.pem" 2>/dev/null
new_key_csr alice alice
openssl x509 -req -in "$certs/alice.csr" -CA "$certs/client-ca.pem" -CAkey "$certs/client-ca.key" \
    -CAcreateserial -days 2 -out "$certs/alice.pem" 2>/dev/null
new_key_csr mallory mallory
openssl x509 -req -in "$certs/mallory.csr" -CA "$certs/other-ca.pem" -CAkey "$certs/other-ca.key" \
    -CAcreateserial -days 2 -out "$certs/mallory.pem" 2>/dev/null
new_key_csr old old
: > "$certs/db/index.txt"
echo 01 > "$certs/db/serial"
cat > "$certs/ca.cnf" <<CNF
[ca]
default_ca = client_ca
[client_ca]
database = $certs/db/index.txt
serial = $certs/db/serial
new_certs_dir = $certs/db
default_md = sha256
policy = any
[any]
commonName = supplied
organizationName = optional
CNF
openssl ca -batch -config "$certs/ca.cnf" -cert "$certs/client-ca.pem" -keyfile "$certs/client-ca.key" \
    -in "$certs/old.csr" -out "$certs/old.pem" -startdate 20200101000000Z -enddate 20200102000000Z -notext 2>/dev/null \
    || fail "openssl ca could not issue the expired certificate"
openssl x509 -in "$certs/old.pem" -noout -checkend 0 >/dev/null && fail "the 'expired' certificate is still valid"
for who in alice mallory old; do [ -s "$certs/$who.pem" ] || fail "no $who certificate"; done

# --- 1. Flags: HTTPS with the run's certificate, ALPN, the journal's tls object -----------------
start_mock --http 127.0.0.1:0 --https 127.0.0.1:0 --ftps 127.0.0.1:0 --anonymous --root "$work/www" \
    --cert-out "$work/mock-ca.pem" --journal "$work/journal.json"
grep -qx "cert $work/mock-ca.pem" "$OUT" || fail "no 'cert PATH' line: $(cat "$OUT")"
[ "$(cut -d' ' -f1 "$OUT" | tr '\n' ' ')" = "http https ftp ftps cert " ] || fail "listener lines: $(cat "$OUT")"
fetch "https://$HTTPS/hello.txt"
[ "$CURL_RC" = 0 ] || fail "curl over HTTPS failed ($CURL_RC): $(cat "$work/curl-err")"
[ "$(cat "$work/body")" = "hello tls" ] || fail "HTTPS body: $(cat "$work/body")"
# The certificate names localhost too.
fetch "https://localhost:${HTTPS#*:}/hello.txt" --http1.1
[ "$CURL_RC" = 0 ] || fail "curl https://localhost failed ($CURL_RC): $(cat "$work/curl-err")"
# Without trusting the certificate, curl refuses it (60): the check above is real.
set +e; curl -s --max-time 10 -o /dev/null "https://$HTTPS/hello.txt"; rc=$?; set -e
[ "$rc" = 60 ] || fail "an untrusted mock certificate gave curl $rc, not 60"
alpn=$(echo | timeout 10 openssl s_client -connect "$HTTPS" -alpn http/1.1 -CAfile "$work/mock-ca.pem" 2>/dev/null)
grep -q "ALPN protocol: http/1.1" <<<"$alpn" || fail "s_client saw no ALPN http/1.1"
grep -q "Verify return code: 0 (ok)" <<<"$alpn" || fail "s_client could not verify the certificate"
alpn=$(echo | timeout 10 openssl s_client -connect "$HTTPS" -alpn h2 2>/dev/null)
grep -q "No ALPN negotiated" <<<"$alpn" || fail "an h2-only offer should get no ALPN"
stop_mock
[ "$RC" = 0 ] || fail "exit code after SIGTERM was $RC"
python3 - "$work/journal.json" <<'PY' || fail "journal tls object"
import json, sys
entries = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "http"]
tls = [e for e in entries if "tls" in e]
assert tls, entries
t = tls[0]["tls"]
assert t["version"].startswith("TLSv1."), t
assert t["alpn"] == "http/1.1" and t["cipher"], t
assert t["client_verdict"] == "none" and t["client_subject"] == "", t
assert any(e["tls"]["sni"] == "localhost" for e in tls), tls
PY

# --- 2. Policies (IIS flavour), client certificates, script matches -----------------------------
cat > "$work/policies.toml" <<TOML
[mock.http]
listen = "127.0.0.1:0"
https = "127.0.0.1:0"
root = "www"
flavour = "iis"
require_tls = ["/secure"]
require_client_cert = ["/certs"]

[[mock.http.script]]
name = "alice only"
match = { path = "/whoami", client_cert = { regex = "CN=alice" } }
reply = { status = 200, body = "hello alice" }

[[mock.http.script]]
name = "plain only"
match = { path = "/whoami", tls = false }
reply = { status = 200, body = "plain" }

[mock.tls]
cert_out = "mock-ca.pem"
client_cert = "optional"
client_ca = "certs/client-ca.pem"
TOML
start_mock "$work/policies.toml" --journal "$work/journal2.json"
code=$(curl -s --max-time 10 -o "$work/body" -w '%{http_code}' "http://$HTTP/secure/s.txt")
[ "$code" = 403 ] || fail "plain HTTP under require_tls gave $code"
grep -q "HTTP Error 403.4 - Forbidden" "$work/body" || fail "no IIS 403.4 page"
grep -q "SSL required" "$work/body" || fail "the 403.4 page does not say SSL required"
fetch "https://$HTTPS/secure/s.txt"
[ "$(cat "$work/body")" = secret ] || fail "HTTPS under require_tls: $(cat "$work/body")"

fetch "https://$HTTPS/certs/c.txt"
grep -q "HTTP Error 403.7 - Forbidden" "$work/body" || fail "no client certificate: not 403.7"
fetch "https://$HTTPS/certs/c.txt" --cert "$certs/mallory.pem" --key "$certs/mallory.key"
grep -q "HTTP Error 403.16 - Forbidden" "$work/body" || fail "untrusted client certificate: not 403.16"
fetch "https://$HTTPS/certs/c.txt" --cert "$certs/old.pem" --key "$certs/old.key"
grep -q "HTTP Error 403.17 - Forbidden" "$work/body" || fail "expired client certificate: not 403.17"
fetch "https://$HTTPS/certs/c.txt" --cert "$certs/alice.pem" --key "$certs/alice.key"
[ "$STATUS" = 200 ] && [ "$(cat "$work/body")" = "for certificate holders" ] \
    || fail "valid client certificate: $STATUS $(cat "$work/body")"

fetch "https://$HTTPS/whoami" --cert "$certs/alice.pem" --key "$certs/alice.key"
[ "$(cat "$work/body")" = "hello alice" ] || fail "client_cert script: $(cat "$work/body")"
fetch "https://$HTTPS/whoami" --cert "$certs/mallory.pem" --key "$certs/mallory.key"
[ "$STATUS" = 404 ] || fail "client_cert script matched mallory ($STATUS)"
[ "$(curl -s --max-time 10 "http://$HTTP/whoami")" = plain ] || fail "tls = false script"
stop_mock
python3 - "$work/journal2.json" <<'PY' || fail "journal of the client certificates"
import json, sys
entries = [e for e in [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "http"] if e["target"] == "/certs/c.txt"]
verdicts = [(e["status"], e["tls"]["client_verdict"]) for e in entries]
assert verdicts[:4] == [(403, "none"), (403, "untrusted"), (403, "expired"), (200, "valid")], verdicts
assert "CN=alice" in entries[3]["tls"]["client_subject"], entries[3]["tls"]
PY

# --- 3. client_cert = "required" (flags), standard flavour --------------------------------------
start_mock --https 127.0.0.1:0 --root "$work/www" --cert-out "$work/mock-ca.pem" \
    --client-cert required --client-ca "$certs/client-ca.pem"
fetch "https://$HTTPS/hello.txt" --cert "$certs/alice.pem" --key "$certs/alice.key"
[ "$CURL_RC" = 0 ] && [ "$(cat "$work/body")" = "hello tls" ] || fail "required client certificate: $CURL_RC $(cat "$work/curl-err")"
fetch "https://$HTTPS/hello.txt"
case "$CURL_RC" in 35|56) ;; *) fail "no client certificate under required: curl $CURL_RC, expected 35 or 56" ;; esac
fetch "https://$HTTPS/hello.txt" --cert "$certs/mallory.pem" --key "$certs/mallory.key"
case "$CURL_RC" in 35|56) ;; *) fail "untrusted client certificate under required: curl $CURL_RC" ;; esac
stop_mock

cat > "$work/standard.toml" <<TOML
[mock.http]
https = "127.0.0.1:0"
root = "www"
require_tls = ["/secure"]
require_client_cert = ["/certs"]
[mock.tls]
cert_out = "mock-ca.pem"
client_cert = "optional"
client_ca = "certs/client-ca.pem"
TOML
start_mock "$work/standard.toml"
code=$(curl -s --max-time 10 -o "$work/body" -w '%{http_code}' "http://$HTTP/secure/s.txt")
[ "$code" = 403 ] && grep -q "SSL required" "$work/body" || fail "standard flavour 403 under require_tls: $code"
grep -q "HTTP Error" "$work/body" && fail "standard flavour sent the IIS page"
fetch "https://$HTTPS/certs/c.txt"
[ "$STATUS" = 403 ] && grep -q "Client certificate required" "$work/body" || fail "standard flavour: no certificate gave $STATUS"
stop_mock

# --- 4. Every TLS script fault, as curl reports it ----------------------------------------------
cat > "$work/faults.toml" <<TOML
[mock.http]
https = "127.0.0.1:0"
root = "www"

[[mock.http.script]]
name = "close-delimited"
match = { path = "/stream" }
raw = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nread to the end"

[mock.tls]
cert_out = "mock-ca.pem"
[[mock.tls.script]]
fault = "handshake_reset"
times = 1
[[mock.tls.script]]
fault = "expired_certificate"
times = 1
[[mock.tls.script]]
fault = "not_yet_valid_certificate"
times = 1
[[mock.tls.script]]
fault = "wrong_name_certificate"
times = 1
[[mock.tls.script]]
fault = "plain_text"
text = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\nnot TLS"
times = 1
[[mock.tls.script]]
fault = "no_close_notify"
on = "https"
times = 1
TOML
start_mock "$work/faults.toml" --journal "$work/journal3.json"
expect_curl() {   # WHAT EXPECTED_RC TEXT_RE [curl args...]
    local what=$1 want=$2 re=$3; shift 3
    fetch "$@"
    [ "$CURL_RC" = "$want" ] || fail "$what: curl $CURL_RC ($(cat "$work/curl-err")), expected $want"
    grep -Eqi "$re" "$work/curl-err" || fail "$what: curl said '$(cat "$work/curl-err")'"
}
expect_curl handshake_reset 35 "reset|SSL_ERROR_SYSCALL|connect" "https://$HTTPS/hello.txt"
expect_curl expired_certificate 60 "expired" "https://$HTTPS/hello.txt"
expect_curl not_yet_valid_certificate 60 "not yet valid" "https://$HTTPS/hello.txt"
expect_curl wrong_name_certificate 60 "subject name|does not match|no alternative" "https://$HTTPS/hello.txt"
expect_curl plain_text 35 "wrong version number|packet length|record" "https://$HTTPS/hello.txt"
# A close-delimited body without close_notify is a truncation (RFC 8446 §6.1). curl 7.88 on
# OpenSSL 3 ignores an unexpected EOF (it sets SSL_OP_IGNORE_UNEXPECTED_EOF), so it gets the body;
# openssl s_client reads through OpenSSL's default and names the truncation.
stream_request=$'GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
said=$(printf '%s' "$stream_request" | timeout 10 openssl s_client -connect "$HTTPS" -CAfile "$work/mock-ca.pem" -quiet -ign_eof 2>&1) || true
grep -q "read to the end" <<<"$said" || fail "no_close_notify: no body: $said"
grep -q "unexpected eof while reading" <<<"$said" || fail "no_close_notify: s_client saw no truncation: $said"
# The scripts are used up: the next connections are normal, and end with close_notify.
said=$(printf '%s' "$stream_request" | timeout 10 openssl s_client -connect "$HTTPS" -CAfile "$work/mock-ca.pem" -quiet -ign_eof 2>&1) || true
grep -q "read to the end" <<<"$said" && ! grep -q "unexpected eof" <<<"$said" || fail "close_notify missing: $said"
fetch "https://$HTTPS/stream"
[ "$CURL_RC" = 0 ] && [ "$(cat "$work/body")" = "read to the end" ] || fail "after the faults: curl $CURL_RC $(cat "$work/curl-err")"
stop_mock
python3 - "$work/journal3.json" <<'PY' || fail "journal of failed handshakes"
import json, sys
entries = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "http"]
failed = [e for e in entries if e.get("tls_error")]
# handshake_reset and plain_text by their script, the expired and not yet valid certificates by
# the client's alert; the wrong name may be refused after the server's side of the handshake ended.
assert len(failed) >= 4, entries
assert all(e["status"] == 0 and e["method"] == "" for e in failed), failed
errors = " | ".join(e["tls_error"] for e in failed)
for word in ("handshake_reset", "certificate expired", "plain_text"):
    assert word in errors, errors
PY

# --- 5. Usage errors: exit 2 ---------------------------------------------------------------------
set +e
"$REPLYCHECK" mock --https 127.0.0.1:0 --root "$work/www" --cert "$work/none.pem" --key "$certs/alice.key" \
    >/dev/null 2>"$work/err.txt"
rc=$?
[ "$rc" = 2 ] && grep -q "cannot read" "$work/err.txt" || fail "unreadable --cert: exit $rc, $(cat "$work/err.txt")"
timeout 20 "$REPLYCHECK" mock --https 127.0.0.1:0 --root "$work/www" --cert "$certs/alice.pem" --key "$certs/old.key" \
    >/dev/null 2>"$work/err.txt"
rc=$?
[ "$rc" = 2 ] || fail "a key that does not match the certificate: exit $rc, $(cat "$work/err.txt")"
grep -q "BEGIN" "$work/err.txt" && fail "key material in the error message"
timeout 20 "$REPLYCHECK" mock --https 127.0.0.1:0 --root "$work/www" --client-cert required >/dev/null 2>"$work/err.txt"
rc=$?
[ "$rc" = 2 ] || fail "--client-cert required without --client-ca: exit $rc"
cat > "$work/bad.toml" <<TOML
[mock.http]
https = "127.0.0.1:0"
root = "www"
require_client_cert = ["/certs"]
TOML
"$REPLYCHECK" mock "$work/bad.toml" >/dev/null 2>"$work/err.txt"
rc=$?
[ "$rc" = 2 ] && grep -q "bad.toml:4:" "$work/err.txt" || fail "require_client_cert without [mock.tls]: exit $rc, $(cat "$work/err.txt")"
set -e
echo "mock_https_clients: ok"
