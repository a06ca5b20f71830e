# Sourced by ci/servers/start (see there for what every kind shares).
#   ci/servers/start apache2   STATE_DIR ROOT_DIR
#
#   apache2:   Debian's apache2 with the modules and mod_deflate settings Debian enables by
#              default (mpm_event, mime, dir, autoindex, negotiation, deflate on text types),
#              serving ROOT_DIR; logs in STATE_DIR. As root it runs as nobody: ROOT_DIR and its
#              parents must be readable by others.
[ -x /usr/sbin/apache2 ] || { echo "ci/servers/start: apache2 is not installed" >&2; exit 77; }
[ $# -eq 0 ] || { echo "ci/servers/start: unknown apache2 option $1" >&2; exit 2; }
chmod 755 "$root"
modules=/usr/lib/apache2/modules
run_as=""
[ "$(id -u)" -eq 0 ] && run_as=$'User nobody\nGroup nogroup'
cat > "$state/apache2.conf" <<CONF
ServerRoot "$state"
ServerName localhost
Listen 127.0.0.1:$port
PidFile $state/apache2.pid
ErrorLog $state/error.log
LogFormat "%h %l %u %t \"%r\" %>s %O" common
CustomLog $state/access.log common
$run_as
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule mime_module $modules/mod_mime.so
LoadModule dir_module $modules/mod_dir.so
LoadModule autoindex_module $modules/mod_autoindex.so
LoadModule negotiation_module $modules/mod_negotiation.so
LoadModule filter_module $modules/mod_filter.so
LoadModule deflate_module $modules/mod_deflate.so
TypesConfig /etc/mime.types
DocumentRoot "$root"
<Directory "$root">
    Options Indexes FollowSymLinks
    Require all granted
</Directory>
DirectoryIndex index.html
AddOutputFilterByType DEFLATE text/html text/plain text/xml text/css text/javascript application/javascript application/json
CONF
setsid /usr/sbin/apache2 -f "$state/apache2.conf" -DFOREGROUND >>"$state/server.log" 2>&1 < /dev/null &
echo $! > "$state/pid"
scheme=http
