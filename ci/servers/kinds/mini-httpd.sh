# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start mini-httpd STATE_DIR ROOT_DIR
#
#   mini-httpd: ACME Labs' mini_httpd over ROOT_DIR in the foreground, access log in STATE_DIR.
#              As root it runs as nobody.
[ -x /usr/sbin/mini_httpd ] || { echo "ci/servers/start: mini-httpd is not installed" >&2; exit 77; }
[ $# -eq 0 ] || { echo "ci/servers/start: unknown mini-httpd option $1" >&2; exit 2; }
chmod 755 "$root"
setsid /usr/sbin/mini_httpd -D -h 127.0.0.1 -p "$port" -d "$root" -u nobody -l "$state/access.log" \
  >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
