#!/usr/bin/env bash
# `replycheck mock` serving FTP, driven by the curl command-line client on 127.0.0.1:
# flags form (--ftp, root, --user, --writable), [mock.ftp] config form with a scripted rule,
# a config error located at file:line:col, and a clean stop on SIGTERM.
# Skips (77) when this build's `replycheck mock` has no FTP listener.
set -uo pipefail

rc=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
command -v curl >/dev/null || { echo "curl is not installed"; exit 77; }
help=$("$rc" mock --help 2>&1) || true
grep -q -- '--ftp' <<<"$help" || { echo "replycheck mock has no --ftp here"; exit 77; }
root_flag=--root
grep -q -- '--ftp-root' <<<"$help" && root_flag=--ftp-root

work=$(mktemp -d /tmp/replycheck-mock-ftp.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$(dirname "$0")/lib/check.sh"

start_mock() {  # args... ; sets pid and port
  "$rc" mock "$@" > "$work/out" 2> "$work/err" &
  pid=$!
  port=""
  for _ in $(seq 1 100); do   # bounded: 10 s
    port=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/out" | head -1)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "mock did not print its ftp port:"; cat "$work/out" "$work/err"
  return 1
}

stop_mock() {  # SIGTERM, bounded wait; returns the exit status
  kill -TERM "$pid" 2>/dev/null
  local status=0
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$pid"
  status=$?
  pid=""
  return $status
}

mkdir -p "$work/root/sub"
printf 'Hello from the FTP mock.\n' > "$work/root/hello.txt"
printf 'top secret\n' > "$work/root/plan.secret"
curl_opts=(--silent --show-error --max-time 10 --connect-timeout 3)

# --- flags form -----------------------------------------------------------------------------
start_mock --ftp 127.0.0.1:0 "$root_flag" "$work/root" --user alice:secret --writable || exit 1
base="ftp://127.0.0.1:$port"
check "RETR over the default passive mode" \
  test "$(curl "${curl_opts[@]}" --user alice:secret "$base/hello.txt")" = "Hello from the FTP mock."
check "RETR over PASV (no EPSV)" \
  test "$(curl "${curl_opts[@]}" --disable-epsv --user alice:secret "$base/hello.txt")" = "Hello from the FTP mock."
printf 'uploaded\n' > "$work/up.txt"
check "STOR upload lands in the root" \
  bash -c "curl ${curl_opts[*]} --user alice:secret -T '$work/up.txt' '$base/sub/up.txt' && cmp -s '$work/up.txt' '$work/root/sub/up.txt'"
curl "${curl_opts[@]}" --user alice:secret "$base/missing.txt" -o /dev/null 2>/dev/null
check "missing file: curl reports 550 as exit 78" test $? -eq 78
curl "${curl_opts[@]}" --user alice:wrong "$base/hello.txt" -o /dev/null 2>/dev/null
check "wrong password: curl reports 530 as exit 67" test $? -eq 67
stop_mock
check "SIGTERM stops the mock with exit 0" test $? -eq 0

# --- config form with a rule ---------------------------------------------------------------------
cat > "$work/mock.toml" <<TOML
[mock.ftp]
listen = "127.0.0.1:0"
root = "root"
anonymous = true

[[mock.ftp.script]]
match = { command = "RETR", argument = "*.secret", pattern = "glob" }
reply = "550 Permission denied by rule."
TOML
start_mock "$work/mock.toml" || exit 1
base="ftp://127.0.0.1:$port"
check "anonymous RETR from the config form" \
  test "$(curl "${curl_opts[@]}" "$base/hello.txt")" = "Hello from the FTP mock."
curl "${curl_opts[@]}" "$base/plan.secret" -o /dev/null 2>/dev/null
check "the rule answers 550 for *.secret" test $? -eq 78
stop_mock

# --- config error ------------------------------------------------------------------------------
cat > "$work/bad.toml" <<'TOML'
[mock.ftp]
root = "root"
colour = "blue"
TOML
"$rc" mock "$work/bad.toml" > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"; wait "$pid" 2>/dev/null; status=99   # still running: it did not reject the file
else
  wait "$pid"; status=$?
fi
pid=""
check "an unknown key is exit 2" test "$status" -eq 2
check "the error names bad.toml:3:1" grep -q 'bad.toml:3:1' "$work/err"

[ $failures -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all checks passed"
