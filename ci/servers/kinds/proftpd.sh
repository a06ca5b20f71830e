# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start proftpd   STATE_DIR ROOT_DIR [--tls CERT KEY [--implicit] [--force-tls]]
#
#   proftpd:   anonymous, read-only, over ROOT_DIR; STATE_DIR/extended.log (every command and
#              its reply code, NCSA-like) and STATE_DIR/xferlog.
#              --tls CERT KEY: mod_tls, explicit FTPS, optional, no session reuse required,
#              STATE_DIR/tls.log; --force-tls: TLSRequired on (control and data);
#              --implicit: TLS from the first byte (UseImplicitSSL), printed as `ftps`.
command -v proftpd >/dev/null || [ -x /usr/sbin/proftpd ] || { echo "ci/servers/start: proftpd is not installed" >&2; exit 77; }
implicit=0 force_tls=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tls) take_tls "${2:-}" "${3:-}"; shift 2 ;;
    --implicit) implicit=1 ;;
    --force-tls) force_tls=1 ;;
    *) echo "ci/servers/start: unknown proftpd option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$tls_cert" ] || [ "$implicit$force_tls" = 00 ] || { echo "ci/servers/start: --implicit and --force-tls need --tls" >&2; exit 2; }
tls_block="" scheme=ftp
if [ -n "$tls_cert" ]; then
  [ -f /usr/lib/proftpd/mod_tls.so ] || { echo "ci/servers/start: proftpd has no mod_tls (install proftpd-mod-crypto)" >&2; exit 77; }
  # mod_tls serves AUTH TLS/SSL, PBSZ and PROT (RFC 4217); an EC key has its own directive.
  cert_directive=TLSRSACertificateFile key_directive=TLSRSACertificateKeyFile
  if openssl pkey -in "$tls_key" -noout -text 2>/dev/null | grep -q '^ASN1 OID\|^NIST CURVE'; then
    cert_directive=TLSECCertificateFile key_directive=TLSECCertificateKeyFile
  fi
  options="NoSessionReuseRequired"
  [ "$implicit" -eq 1 ] && { options+=" UseImplicitSSL"; scheme=ftps; }
  required=off
  [ "$force_tls" -eq 1 ] && required=on
  tls_block="<IfModule mod_dso.c>
  ModulePath /usr/lib/proftpd
  LoadModule mod_tls.c
</IfModule>
<IfModule mod_tls.c>
  TLSEngine on
  TLSLog $state/tls.log
  TLSProtocol TLSv1.2 TLSv1.3
  $cert_directive $tls_cert
  $key_directive $tls_key
  TLSVerifyClient off
  TLSRequired $required
  TLSOptions $options
</IfModule>"
fi
chmod 755 "$root"
pasv_min=$(( 20000 + (port % 20) * 1000 ))
run_as=""
[ "$(id -u)" -eq 0 ] && run_as=$'User nobody\nGroup nogroup'
# proftpd enters ROOT_DIR as 'ftp' before its chroot: every folder above must be searchable.
# The anonymous login chroots into ROOT_DIR and runs as 'ftp'; <Limit WRITE> keeps it
# read-only. %r is the command line as received, %s the reply code sent for it.
cat > "$state/proftpd.conf" <<CONF
ServerName "replycheck proftpd"
ServerType standalone
UseIPv6 off
DefaultAddress 127.0.0.1
SocketBindTight on
Port $port
PassivePorts $pasv_min $(( pasv_min + 999 ))
MaxInstances 200
$run_as
PidFile $state/proftpd.pid
ScoreboardFile $state/proftpd.scoreboard
DelayTable none
WtmpLog off
UseReverseDNS off
RequireValidShell off
SystemLog $state/system.log
TransferLog $state/xferlog
LogFormat replycheck "%h %l %u %t \"%r\" %s %b"
ExtendedLog $state/extended.log ALL replycheck
$tls_block
<Anonymous $root>
  User ftp
  Group nogroup
  UserAlias anonymous ftp
  RequireValidShell off
  <Limit WRITE>
DenyAll
  </Limit>
</Anonymous>
CONF
setsid proftpd -n -q -c "$state/proftpd.conf" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
