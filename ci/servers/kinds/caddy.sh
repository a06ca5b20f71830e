# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start caddy     STATE_DIR ROOT_DIR
#
#   caddy:     caddy's file_server over ROOT_DIR on plain HTTP (no admin endpoint, no automatic
#              HTTPS, its data under STATE_DIR).
command -v caddy >/dev/null || { echo "ci/servers/start: caddy is not installed" >&2; exit 77; }
[ $# -eq 0 ] || { echo "ci/servers/start: unknown caddy option $1" >&2; exit 2; }
cat > "$state/Caddyfile" <<CONF
{
	admin off
	auto_https off
	storage file_system $state/data
}
http://127.0.0.1:$port {
	root * $root
	file_server
}
CONF
XDG_DATA_HOME=$state XDG_CONFIG_HOME=$state setsid caddy run --config "$state/Caddyfile" --adapter caddyfile \
  >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
