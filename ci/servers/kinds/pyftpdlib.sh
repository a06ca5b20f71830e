# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start pyftpdlib STATE_DIR ROOT_DIR
#
#   pyftpdlib: anonymous, read-only, over ROOT_DIR (/usr/bin/python3 -m pyftpdlib).
/usr/bin/python3 -c 'import pyftpdlib' 2>/dev/null || { echo "ci/servers/start: python3-pyftpdlib is not installed" >&2; exit 77; }
setsid /usr/bin/python3 -m pyftpdlib -i 127.0.0.1 -p "$port" -d "$root" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=ftp
