# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start nginx     STATE_DIR ROOT_DIR [--allow-header] [--conf-extra 'directive;']
#                                                 [--access-log] [--tls CERT KEY [--client-ca FILE]]
#
#   nginx:     one worker process, serving ROOT_DIR (stock settings otherwise); with
#              --access-log: combined log in STATE_DIR/access.log and basic auth on /private/
#              (user `reader`, password `reader-test-password`, test-only).
#              --tls CERT KEY: HTTPS only (listen ssl, HTTP/2 by ALPN), TLS 1.2 and 1.3;
#              --client-ca FILE: a client certificate signed by FILE is required (400 without).
command -v nginx >/dev/null || { echo "ci/servers/start: nginx is not installed" >&2; exit 77; }
extra="" want_log=0 client_ca=""
while [ $# -gt 0 ]; do
  case "$1" in
    --allow-header) extra+=$'        add_header Allow "GET, HEAD" always;\n' ;;
    --conf-extra) extra+="        $2"$'\n'; shift ;;
    --access-log) want_log=1 ;;
    --tls) take_tls "${2:-}" "${3:-}"; shift 2 ;;
    --client-ca) client_ca=$(cd "$(dirname "${2:?--client-ca FILE}")" && pwd)/$(basename "$2"); shift ;;
    *) echo "ci/servers/start: unknown nginx option $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$state/tmp"
access_log="access_log off;"
if [ "$want_log" -eq 1 ]; then
  # A combined log, and a protected folder so the log holds 401s (RFC 7235 section 3.1).
  access_log="access_log $state/access.log combined;"
  printf 'reader:%s\n' "$(openssl passwd -apr1 reader-test-password)" > "$state/htpasswd"
  extra+=$'        location /private/ {\n'
  extra+="            auth_basic \"replycheck\"; auth_basic_user_file $state/htpasswd;"$'\n'
  extra+=$'        }\n'
fi
listen="listen 127.0.0.1:$port;"
scheme=http
if [ -n "$tls_cert" ]; then
  # HTTP/2 is chosen by ALPN (RFC 7540 section 3.3); nginx before 1.25.1 spells it on listen.
  version=$(nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')
  if printf '%s\n1.25.1\n' "$version" | sort -V -C; then
    listen="listen 127.0.0.1:$port ssl http2;"
  else
    listen="listen 127.0.0.1:$port ssl;"$'\n'"        http2 on;"
  fi
  listen+=$'\n'"        ssl_certificate $tls_cert;"$'\n'"        ssl_certificate_key $tls_key;"
  listen+=$'\n'"        ssl_protocols TLSv1.2 TLSv1.3;"
  if [ -n "$client_ca" ]; then
    listen+=$'\n'"        ssl_client_certificate $client_ca; ssl_verify_client on;"
  fi
  scheme=https
elif [ -n "$client_ca" ]; then
  echo "ci/servers/start: --client-ca needs --tls" >&2; exit 2
fi
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat > "$state/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
master_process on;
pid $state/nginx.pid;
error_log $state/error.log warn;
events { worker_connections 1024; }
http {
include /etc/nginx/mime.types;
default_type application/octet-stream;
$access_log
sendfile on;
keepalive_requests 100000;
client_body_temp_path $state/tmp/body;
proxy_temp_path $state/tmp/proxy;
fastcgi_temp_path $state/tmp/fastcgi;
uwsgi_temp_path $state/tmp/uwsgi;
scgi_temp_path $state/tmp/scgi;
server {
    $listen
    server_name localhost;
    root $root;
$extra    }
}
CONF
nginx -t -q -c "$state/nginx.conf" -e "$state/error.log" 2>"$state/server.log"
setsid nginx -c "$state/nginx.conf" -e "$state/error.log" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
