# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start pure-ftpd STATE_DIR ROOT_DIR [--altlog w3c|clf|xferlog]
#
#   pure-ftpd: anonymous, read-only, over ROOT_DIR; STATE_DIR/w3c.log (or the --altlog
#              format: STATE_DIR/FORMAT.log, one format per server), transfers only: pure-ftpd
#              logs no other command there; needs root: the
#              anonymous home is bind-mounted over by ROOT_DIR in a private mount namespace.
altlog=w3c
while [ $# -gt 0 ]; do
  case "$1" in
    --altlog) altlog=${2:-}; shift ;;
    *) echo "ci/servers/start: unknown pure-ftpd option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$altlog" in w3c|clf|xferlog) ;; *) echo "ci/servers/start: --altlog w3c|clf|xferlog" >&2; exit 2 ;; esac
pureftpd=$(find_binary pure-ftpd usr/sbin/pure-ftpd) || { echo "ci/servers/start: pure-ftpd is not unpacked (run ci/deps)" >&2; exit 77; }
# pure-ftpd serves anonymous users the home folder of the 'ftp' account; it is replaced by
# ROOT_DIR with a bind mount visible only to this server (a private mount namespace).
[ "$(id -u)" -eq 0 ] || { echo "ci/servers/start: pure-ftpd needs root here" >&2; exit 77; }
ftp_home=$(getent passwd ftp | cut -d: -f6)
[ -n "$ftp_home" ] && [ -d "$ftp_home" ] || { echo "ci/servers/start: no 'ftp' account with a home folder" >&2; exit 77; }
command -v unshare >/dev/null || { echo "ci/servers/start: unshare is missing" >&2; exit 77; }
chmod 755 "$root"
pasv_min=$(( 20000 + (port % 20) * 1000 ))
# -l unix -u 1000: named logins are checked against system accounts with uid >= 1000 (so a
# wrong login gets 530); -i no anonymous uploads, -H no DNS, -4 IPv4 only, -A chroot all.
setsid unshare -m --propagation private /bin/sh -c \
  'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$root" "$ftp_home" \
  "$pureftpd" -S "127.0.0.1,$port" -4 -l unix -u 1000 -i -H -A -p "$pasv_min:$(( pasv_min + 999 ))" \
  -P 127.0.0.1 -c 200 -C 200 -O "$altlog:$state/$altlog.log" >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=ftp
