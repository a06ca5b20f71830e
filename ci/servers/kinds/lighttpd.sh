# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start lighttpd  STATE_DIR ROOT_DIR
#
#   lighttpd:  stock settings serving ROOT_DIR, a few MIME types, errors in STATE_DIR/error.log.
command -v lighttpd >/dev/null || { echo "ci/servers/start: lighttpd is not installed" >&2; exit 77; }
cat > "$state/lighttpd.conf" <<CONF
server.document-root = "$root"
server.bind = "127.0.0.1"
server.port = $port
server.errorlog = "$state/error.log"
mimetype.assign = ( ".html" => "text/html", ".txt" => "text/plain", ".json" => "application/json" )
CONF
setsid lighttpd -D -f "$state/lighttpd.conf" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
