# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start vsftpd    STATE_DIR ROOT_DIR [--anon-password]
#                                                 [--tls CERT KEY [--implicit] [--force-tls]]
#
#   vsftpd:    anonymous, read-only, over ROOT_DIR; passive ports on 127.0.0.1; protocol log
#              in STATE_DIR/vsftpd.log, transfers in STATE_DIR/xferlog. Anonymous is logged in
#              at USER unless --anon-password (then USER gets 331 and PASS is asked and logged).
#              --tls CERT KEY: explicit FTPS (AUTH TLS, RFC 4217), optional for anonymous,
#              require_ssl_reuse=NO; --force-tls: anonymous login and data must be protected
#              (force_anon_logins_ssl, force_anon_data_ssl; USER before AUTH gets 530) and the
#              data TLS session must resume the control one (vsftpd's default require_ssl_reuse);
#              --implicit: TLS from the first byte (implicit_ssl), printed as `ftps`.
anon_password=YES implicit=0 force_tls=0
while [ $# -gt 0 ]; do
  case "$1" in
    --anon-password) anon_password=NO ;;
    --tls) take_tls "${2:-}" "${3:-}"; shift 2 ;;
    --implicit) implicit=1 ;;
    --force-tls) force_tls=1 ;;
    *) echo "ci/servers/start: unknown vsftpd option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$tls_cert" ] || [ "$implicit$force_tls" = 00 ] || { echo "ci/servers/start: --implicit and --force-tls need --tls" >&2; exit 2; }
vsftpd=$(find_binary vsftpd usr/sbin/vsftpd) || { echo "ci/servers/start: vsftpd is not installed" >&2; exit 77; }
# vsftpd chroots anonymous users into anon_root, drops privileges to the 'ftp' user and
# refuses a root the anonymous user could write to: keep it root-owned and world-readable.
chmod 755 "$root"
mkdir -p "$state/empty"
chmod 755 "$state/empty"
pasv_min=$(( 20000 + (port % 20) * 1000 ))
cat > "$state/vsftpd.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$port
background=NO
anonymous_enable=YES
no_anon_password=$anon_password
anon_root=$root
local_enable=NO
write_enable=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$pasv_min
pasv_max_port=$(( pasv_min + 999 ))
connect_from_port_20=NO
secure_chroot_dir=$state/empty
seccomp_sandbox=NO
xferlog_enable=YES
log_ftp_protocol=YES
dual_log_enable=YES
xferlog_std_format=NO
vsftpd_log_file=$state/vsftpd.log
xferlog_file=$state/xferlog
dirmessage_enable=NO
use_localtime=NO
max_clients=0
max_per_ip=0
CONF
scheme=ftp
if [ -n "$tls_cert" ]; then
  # RFC 4217: AUTH TLS on the control connection, PBSZ 0 / PROT P for the data ones.
  # vsftpd 3.0.3's default cipher list is a single 3DES suite OpenSSL 3 refuses: name one.
  yes_no() { [ "$1" -eq 1 ] && echo YES || echo NO; }
  cat >> "$state/vsftpd.conf" <<CONF
ssl_enable=YES
allow_anon_ssl=YES
rsa_cert_file=$tls_cert
rsa_private_key_file=$tls_key
ssl_ciphers=HIGH
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
force_local_logins_ssl=NO
force_local_data_ssl=NO
force_anon_logins_ssl=$(yes_no $force_tls)
force_anon_data_ssl=$(yes_no $force_tls)
require_ssl_reuse=$(yes_no $force_tls)
implicit_ssl=$(yes_no $implicit)
debug_ssl=YES
CONF
  [ "$implicit" -eq 1 ] && scheme=ftps
fi
setsid "$vsftpd" "$state/vsftpd.conf" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
