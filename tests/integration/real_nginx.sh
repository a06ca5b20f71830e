#!/usr/bin/env bash
# The HTTP suites that apply to a real origin run against nginx serving scenarios/www
# (target "nginx" in replycheck.toml: mock-only scenarios are excluded, differences declared).
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "nginx is not installed: skipped"; exit 77; }
state=$(mktemp -d)
trap '"$src/ci/servers/stop" "$state"; rm -rf "$state"' EXIT
"$src/ci/servers/start" nginx "$state" "$src/scenarios/www"
status=$?
[ $status -eq 77 ] && exit 77
[ $status -eq 0 ] || { echo "FAIL: nginx did not start"; exit 1; }
export REPLYCHECK_NGINX_PORT=$(cat "$state/port")
cd "$src"
NO_COLOR=1 timeout 120 "$rc" run scenarios/http --target nginx --report-junit "$state/junit.xml" >"$state/out.txt" 2>&1
status=$?
cat "$state/out.txt"
[ $status -eq 0 ] || { echo "FAIL: suites against nginx: exit $status"; exit 1; }
grep -Eq '^[1-9][0-9]* passed' "$state/out.txt" || { echo "FAIL: nothing passed"; exit 1; }
echo ok
