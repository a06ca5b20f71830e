#!/usr/bin/env bash
# The FTP suites that apply to a real server run against vsftpd (anonymous, read-only) over
# scenarios/ftproot (target "vsftpd" in replycheck.toml: uploads and mock-only scenarios are
# excluded, differences declared).
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
# ci/servers/start exits 77 when vsftpd is neither installed nor unpacked by ci/deps.
state=$(mktemp -d)
trap '"$src/ci/servers/stop" "$state"; rm -rf "$state"' EXIT
"$src/ci/servers/start" vsftpd "$state" "$src/scenarios/ftproot"
status=$?
[ $status -eq 77 ] && exit 77
[ $status -eq 0 ] || { echo "FAIL: vsftpd did not start"; exit 1; }
export REPLYCHECK_VSFTPD_PORT=$(cat "$state/port")
cd "$src"
NO_COLOR=1 timeout 120 "$rc" run scenarios/ftp --target vsftpd --report-junit "$state/junit.xml" >"$state/out.txt" 2>&1
status=$?
cat "$state/out.txt"
[ $status -eq 0 ] || { echo "FAIL: suites against vsftpd: exit $status"; exit 1; }
grep -Eq '^[1-9][0-9]* passed' "$state/out.txt" || { echo "FAIL: nothing passed"; exit 1; }
echo ok
