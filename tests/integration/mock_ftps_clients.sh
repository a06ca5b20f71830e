#!/usr/bin/env bash
# The mock's FTPS side (RFC 4217) against clients nobody here wrote, all trusting the certificate
# the mock writes (--cert-out / [mock.tls] cert_out):
#   curl --ssl-reqd ftp:// (explicit AUTH TLS: list and retrieve), curl ftps:// (implicit),
#   python3 ftplib.FTP_TLS with prot_p() (retrieve), openssl s_client -starttls ftp;
#   the policies as clients see them: a plain login refused (ftplib error_perm 530, curl fails),
#   a PROT C transfer refused with 522, PROT C itself refused (IIS 534), and
#   data_session_reuse: curl (which resumes the control session on the data connection) passes,
#   ftplib (which does not) gets 522; the journal's "tls" object; no certificate check → failure;
#   [mock.tls] scripts at the FTP entries (an expired certificate at AUTH TLS: curl 60 and a
#   "TLS" journal entry; a reset data handshake: RETR 150 then 522).
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77
command -v openssl >/dev/null || exit 77
command -v python3 >/dev/null || exit 77

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/root/pub"
printf 'hello ftps\n' > "$work/root/hello.txt"
printf 'inside pub\n' > "$work/root/pub/p.txt"

. "${REPLYCHECK_SOURCE_DIR:?}/tests/integration/lib/mock.sh"

# Starts the mock; sets FTP and FTPS (PORT, FTPS may be empty), MOCK_PID, OUT. Waits at most 10 s.
start_mock() {
    OUT="$work/out.$RANDOM"
    "$REPLYCHECK" mock "$@" >"$OUT" 2>"$work/err.txt" &
    MOCK_PID=$!
    pids+=("$MOCK_PID")
    mock_wait "$OUT" "$MOCK_PID" ftp cert || { cat "$work/err.txt" >&2; fail "no 'ftp' and 'cert' lines"; }
    FTP=$(mock_listener "$OUT" ftp); FTP=${FTP##*:}
    FTPS=$(mock_listener "$OUT" ftps); FTPS=${FTPS##*:}
}

stop_mock() { mock_stop "$MOCK_PID" || fail "mock did not stop on SIGTERM"; }

# ftplib.FTP_TLS: ftplib_get PORT USER PASS MODE FILE; MODE: plain (no AUTH), clear (AUTH, PROT C),
# private (AUTH, PROT P). Prints the file, or "error_perm <reply>" when the server refused.
ftplib_get() {
    python3 - "$@" <<'EOF'
import ftplib, io, ssl, sys
port, user, password, mode, name = sys.argv[1:6]
ctx = ssl.create_default_context(cafile=sys.argv[6] if len(sys.argv) > 6 else None)
try:
    if mode == "plain":
        ftp = ftplib.FTP(timeout=10)
    else:
        ftp = ftplib.FTP_TLS(context=ctx, timeout=10)
    ftp.connect("127.0.0.1", int(port))
    if mode != "plain":
        ftp.auth()
    ftp.login(user, password)
    if mode == "private":
        ftp.prot_p()
    data = io.BytesIO()
    ftp.retrbinary("RETR " + name, data.write)
    sys.stdout.write(data.getvalue().decode())
    ftp.quit()
except ftplib.error_perm as error:
    print("error_perm", error)
EOF
}

CA="$work/mock-ca.pem"

# --- Explicit and implicit FTPS, no policy ------------------------------------------------------
start_mock --ftp 127.0.0.1:0 --ftps 127.0.0.1:0 --ftp-root "$work/root" --anonymous \
    --user alice:pass:wonder --cert-out "$CA" --journal "$work/journal.json"
[ -n "$FTPS" ] || fail "no 'ftps 127.0.0.1:PORT' line for --ftps"

got=$(curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://127.0.0.1:$FTP/hello.txt") || fail "curl --ssl-reqd RETR"
[ "$got" = "hello ftps" ] || fail "curl --ssl-reqd RETR gave '$got'"
listing=$(curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://127.0.0.1:$FTP/") || fail "curl --ssl-reqd LIST"
grep -q 'hello.txt' <<<"$listing" || fail "curl --ssl-reqd LIST lacks hello.txt: $listing"
grep -q 'pub' <<<"$listing" || fail "curl --ssl-reqd LIST lacks pub: $listing"
# The trace shows AUTH TLS answered 234 and the transfer over PROT P.
curl -sS -v --max-time 10 --ssl-reqd --cacert "$CA" -o /dev/null "ftp://127.0.0.1:$FTP/pub/p.txt" 2>"$work/trace" ||
    fail "curl --ssl-reqd RETR pub/p.txt"
grep -q '^< 234 ' "$work/trace" || fail "no 234 to AUTH TLS in curl's trace"
grep -q '^< 200 PROT now Private' "$work/trace" || fail "no 200 to PROT P in curl's trace"

got=$(curl -sS --max-time 10 --cacert "$CA" "ftps://127.0.0.1:$FTPS/hello.txt") || fail "curl ftps:// RETR"
[ "$got" = "hello ftps" ] || fail "curl ftps:// RETR gave '$got'"
got=$(curl -sS --max-time 10 --cacert "$CA" "ftps://alice:wonder@127.0.0.1:$FTPS/pub/p.txt") || fail "curl ftps:// as alice"
[ "$got" = "inside pub" ] || fail "curl ftps:// as alice gave '$got'"

# Without the certificate the handshake must fail verification (curl 60): TLS really is checked.
set +e
curl -sS --max-time 10 --ssl-reqd "ftp://127.0.0.1:$FTP/hello.txt" >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 60 ] || fail "curl without --cacert: exit $rc, expected 60 (certificate not trusted)"

got=$(ftplib_get "$FTP" alice wonder private hello.txt "$CA")
[ "$got" = "hello ftps" ] || fail "ftplib FTP_TLS prot_p RETR gave '$got'"
got=$(ftplib_get "$FTP" alice wonder clear pub/p.txt "$CA")
[ "$got" = "inside pub" ] || fail "ftplib FTP_TLS PROT C RETR gave '$got'"

# openssl s_client -starttls ftp: AUTH TLS, a verified handshake, then commands over TLS.
# -ign_eof: s_client keeps reading after its input ends, until the server closes after QUIT
# (a slow server, e.g. under a sanitizer, still gets to answer everything).
s_out=$(printf 'FEAT\r\nPBSZ 0\r\nPROT P\r\nQUIT\r\n' |
    timeout 10 openssl s_client -starttls ftp -connect "127.0.0.1:$FTP" -CAfile "$CA" \
        -verify_return_error -ign_eof 2>&1) || true
grep -q 'Verify return code: 0 (ok)' <<<"$s_out" || fail "s_client -starttls ftp: no verified handshake: $s_out"
grep -q '^ PBSZ' <<<"$s_out" || fail "s_client: FEAT over TLS lacks PBSZ"
grep -q '^200 PBSZ=0' <<<"$s_out" || fail "s_client: no 200 PBSZ=0"
grep -q '^200 PROT now Private' <<<"$s_out" || fail "s_client: no 200 to PROT P"
grep -q '^221 ' <<<"$s_out" || fail "s_client: no 221 to QUIT"

stop_mock
python3 - "$work/journal.json" <<'EOF' || fail "journal: no tls object on protected commands"
import json, sys
ftp = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "ftp"]
protected = [e for e in ftp if "tls" in e]
assert protected, "no entry with tls"
assert all(e["tls"]["version"].startswith("TLSv1.") for e in protected)
assert any(e["tls"]["implicit"] for e in protected), "no implicit session"
assert any(e["command"] == "AUTH" and e["code"] == 234 and "tls" not in e for e in ftp), "AUTH 234 (sent in clear)"
assert any(e["command"] == "PROT" and e["argument"] == "P" and "tls" in e for e in ftp)
assert not any(e["command"] == "PASS" and e["argument"] not in ("****", "") for e in ftp), "password in journal"
EOF

# --- Policies: login and data need TLS, PROT C refused like IIS --------------------------------
cat > "$work/policy.toml" <<EOF
[mock.tls]
cert_out = "$CA"

[mock.ftp]
listen = "127.0.0.1:0"
root = "$work/root"
users = [{ name = "alice", password = "wonder" }]
login_tls = "required"
data_tls = "required"
EOF
start_mock "$work/policy.toml"
got=$(ftplib_get "$FTP" alice wonder plain hello.txt)
[ "$got" = "error_perm 530 Non-anonymous sessions must use encryption." ] || fail "plain login under login_tls: '$got'"
got=$(ftplib_get "$FTP" alice wonder clear hello.txt "$CA")
[ "$got" = "error_perm 522 Data connections must be encrypted." ] || fail "PROT C RETR under data_tls: '$got'"
got=$(ftplib_get "$FTP" alice wonder private hello.txt "$CA")
[ "$got" = "hello ftps" ] || fail "PROT P RETR under the policies gave '$got'"
set +e
curl -sS --max-time 10 "ftp://alice:wonder@127.0.0.1:$FTP/hello.txt" >/dev/null 2>"$work/curl-err"
rc=$?
set -e
[ "$rc" = 67 ] || fail "curl plain ftp:// under login_tls: exit $rc, expected 67 (login denied)"
got=$(curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://alice:wonder@127.0.0.1:$FTP/hello.txt") ||
    fail "curl --ssl-reqd under the policies"
[ "$got" = "hello ftps" ] || fail "curl --ssl-reqd under the policies gave '$got'"
stop_mock

cat > "$work/iis.toml" <<EOF
[mock.tls]
cert_out = "$CA"

[mock.ftp]
listen = "127.0.0.1:0"
root = "$work/root"
users = [{ name = "alice", password = "wonder" }]
flavour = "iis"
login_tls = "required"
prot_c_reply = "534 Policy requires SSL."
data_session_reuse = true
EOF
start_mock "$work/iis.toml"
got=$(ftplib_get "$FTP" alice wonder plain hello.txt)
[ "$got" = "error_perm 534 Policy requires SSL." ] || fail "IIS plain login: '$got'"
got=$(python3 - "$FTP" "$CA" <<'EOF'
import ftplib, ssl, sys
ftp = ftplib.FTP_TLS(context=ssl.create_default_context(cafile=sys.argv[2]), timeout=10)
ftp.connect("127.0.0.1", int(sys.argv[1])); ftp.auth(); ftp.login("alice", "wonder")
ftp.sendcmd("PBSZ 0")   # ftplib's prot_c() sends only PROT C (503 before PBSZ, RFC 2228)
try:
    ftp.prot_c()
    print("accepted")
except ftplib.error_perm as error:
    print("error_perm", error)
EOF
)
[ "$got" = "error_perm 534 Policy requires SSL." ] || fail "IIS PROT C: '$got'"
# ftplib does not resume the control session on the data connection: 150, then 522 (vsftpd's words).
got=$(ftplib_get "$FTP" alice wonder private hello.txt "$CA")
[ "$got" = "error_perm 522 SSL connection failed: session reuse required" ] || fail "session reuse, ftplib: '$got'"
# curl resumes it (RFC 4217 §10): accepted.
got=$(curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://alice:wonder@127.0.0.1:$FTP/hello.txt") ||
    fail "curl with data_session_reuse"
[ "$got" = "hello ftps" ] || fail "curl with data_session_reuse gave '$got'"
stop_mock

# --- TLS scripts at the FTP entries: a failed AUTH TLS, then a reset data handshake --------------
cat > "$work/faults.toml" <<EOF
[mock.tls]
cert_out = "$CA"

[[mock.tls.script]]
fault = "expired_certificate"
on = "auth_tls"
times = 1

[[mock.tls.script]]
fault = "handshake_reset"
on = "ftp_data"
times = 1

[mock.ftp]
listen = "127.0.0.1:0"
root = "$work/root"
anonymous = true
EOF
start_mock "$work/faults.toml" --journal "$work/faults.json"
# The first AUTH TLS meets an expired certificate: curl refuses it (60) and the session ends.
set +e
curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://127.0.0.1:$FTP/hello.txt" >/dev/null 2>"$work/curl-err"
rc=$?
set -e
[ "$rc" = 60 ] || fail "expired certificate at AUTH TLS: curl exit $rc, expected 60 ($(cat "$work/curl-err"))"
# The next session's first protected data connection is reset mid-handshake: 150, then 522.
set +e
curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://127.0.0.1:$FTP/hello.txt" >/dev/null 2>"$work/curl-err"
rc=$?
set -e
[ "$rc" != 0 ] || fail "reset data handshake: curl succeeded"
got=$(curl -sS --max-time 10 --ssl-reqd --cacert "$CA" "ftp://127.0.0.1:$FTP/hello.txt") || fail "third session"
[ "$got" = "hello ftps" ] || fail "after the scripted faults: '$got'"
stop_mock
python3 - "$work/faults.json" <<'PY' || fail "journal: the faults are not recorded"
import json, sys
ftp = [e for e in map(json.loads, open(sys.argv[1])) if e["mock"] == "ftp"]
assert any(e["command"] == "TLS" and "expired" in e["argument"] for e in ftp), "no TLS entry for the failed AUTH"
assert any(e["command"] == "RETR" and e["code"] == 522 and "tls" in e for e in ftp), "no RETR 522"
assert any(e["command"] == "RETR" and e["code"] == 226 for e in ftp), "no RETR 226"
PY

echo "mock_ftps_clients: ok"
