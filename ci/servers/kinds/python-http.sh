# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start python-http STATE_DIR ROOT_DIR
#
#   python-http: Python's http.server module (SimpleHTTPRequestHandler, HTTP/1.0 replies) over
#              ROOT_DIR.
[ -x /usr/bin/python3 ] || { echo "ci/servers/start: python3 is not installed" >&2; exit 77; }
[ $# -eq 0 ] || { echo "ci/servers/start: unknown python-http option $1" >&2; exit 2; }
setsid /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$root" "$port" \
  >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
