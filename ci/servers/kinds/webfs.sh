# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start webfs     STATE_DIR ROOT_DIR
#
#   webfs:     webfsd over ROOT_DIR in the foreground (index.html as the folder index).
#              As root it runs as nobody.
command -v webfsd >/dev/null || { echo "ci/servers/start: webfs is not installed" >&2; exit 77; }
[ $# -eq 0 ] || { echo "ci/servers/start: unknown webfs option $1" >&2; exit 2; }
chmod 755 "$root"
run_as=()
[ "$(id -u)" -eq 0 ] && run_as=(-u nobody -g nogroup)
setsid webfsd -F -4 -i 127.0.0.1 -p "$port" -r "$root" -f index.html "${run_as[@]}" -L "$state/access.log" \
  >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
