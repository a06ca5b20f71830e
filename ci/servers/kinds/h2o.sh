# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start h2o       STATE_DIR ROOT_DIR [--tls CERT KEY]
#
#   h2o:       h2o's file handler over ROOT_DIR, stock settings; --tls CERT KEY: HTTPS with
#              HTTP/2 and HTTP/1.1 by ALPN. As root it runs as nobody.
command -v h2o >/dev/null || { echo "ci/servers/start: h2o is not installed" >&2; exit 77; }
while [ $# -gt 0 ]; do
  case "$1" in
    --tls) take_tls "${2:-}" "${3:-}"; shift 2 ;;
    *) echo "ci/servers/start: unknown h2o option $1" >&2; exit 2 ;;
  esac
  shift
done
chmod 755 "$root"
scheme=http tls_lines=""
if [ -n "$tls_cert" ]; then
  scheme=https
  tls_lines=$'\n  ssl:\n'"    certificate-file: $tls_cert"$'\n'"    key-file: $tls_key"
fi
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user: nobody"
cat > "$state/h2o.conf" <<CONF
$user_line
error-log: $state/error.log
listen:
  host: 127.0.0.1
  port: $port$tls_lines
hosts:
  default:
    paths:
      /:
        file.dir: $root
CONF
setsid h2o -c "$state/h2o.conf" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
