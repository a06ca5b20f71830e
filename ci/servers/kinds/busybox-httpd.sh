# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start busybox-httpd STATE_DIR ROOT_DIR
#
#   busybox-httpd: BusyBox's httpd applet over ROOT_DIR in the foreground.
command -v busybox >/dev/null && busybox --list | grep -qx httpd ||
  { echo "ci/servers/start: busybox (with httpd) is not installed" >&2; exit 77; }
[ $# -eq 0 ] || { echo "ci/servers/start: unknown busybox-httpd option $1" >&2; exit 2; }
setsid busybox httpd -f -p "127.0.0.1:$port" -h "$root" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
