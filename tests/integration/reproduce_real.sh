#!/usr/bin/env bash
# `replycheck reproduce` on logs written by real servers, against the server that wrote them and
# against the mock emitted from them (issue 11, "must show"):
#   1. nginx, vsftpd, proftpd, pure-ftpd start on loopback and real_traffic.py drives them;
#   2. each log reproduced against its own server: exit 0 (every selected entry reproduces);
#      so do the committed samples of tests/fixtures/logs/real;
#   3. `--emit-mock m.toml`, `replycheck mock m.toml`, the log reproduced against it: exit 0;
#   4. negative: a file that was 200 in the nginx log is deleted; reproducing the log again
#      exits 1 with a `logged 200, now 404` line.
# No password given to replycheck may appear in its output or in the emitted mock.
# Exit 77 when one of the four servers cannot be started here, or reproduce is not built.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
driver="$src/tests/integration/real_traffic.py"
"$rc" reproduce --help 2>&1 | grep -q -- '--emit-mock' || { echo "replycheck reproduce is not built here: skipped"; exit 77; }
work=$(mktemp -d)
chmod 755 "$work"                  # proftpd reaches the served folder as the 'ftp' account
servers=(nginx vsftpd proftpd pure-ftpd)
mock_pid=""
stop_mock() {
  if [ -n "$mock_pid" ]; then
    kill "$mock_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$mock_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$mock_pid" 2>/dev/null
    wait "$mock_pid" 2>/dev/null
    mock_pid=""
  fi
}
cleanup() {
  stop_mock
  for s in "${servers[@]}"; do "$src/ci/servers/stop" "$work/$s"; done
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Passwords handed to replycheck (test-only): the nginx --access-log account of ci/servers/start,
# and what anonymous FTP logins send on the replay. The anonymous password the servers logged
# (real_traffic.py's canary) is never given to replycheck and must not come out of it either.
http_password="reader-test-password"
ftp_password="replay-3b9d@example.org"
canary="canary-7f3e@example.org"

# 1. Servers and traffic.
python3 "$driver" make-root "$work/root"
# pure-ftpd logs the path outside its chroot (the 'ftp' account's home, /srv/ftp/a.txt), which
# a client of that server cannot name; mirror the files there so the logged paths exist as
# well in the client's view of the tree.
ftp_home=$(getent passwd ftp | cut -d: -f6)
if [ -n "$ftp_home" ]; then
  mkdir -p "$work/root$ftp_home"
  cp "$work/root/a.txt" "$work/root/b.txt" "$work/root$ftp_home/"
  chmod -R a+rX "$work/root"
fi
missing=""
declare -A url log
for s in "${servers[@]}"; do
  opts=()
  [ "$s" = nginx ] && opts=(--access-log)
  [ "$s" = vsftpd ] && opts=(--anon-password)
  timeout 30 "$src/ci/servers/start" "$s" "$work/$s" "$work/root" "${opts[@]}" > "$work/$s.addr" 2> "$work/$s.start"
  status=$?
  if [ $status -eq 77 ]; then missing+=" $s"; continue; fi
  [ $status -eq 0 ] || { fail "$s did not start"; cat "$work/$s.start"; continue; }
  scheme=ftp
  [ "$s" = nginx ] && scheme=http
  url[$s]="$scheme://$(cut -d' ' -f2 "$work/$s.addr")"
  timeout 90 python3 "$driver" "$scheme" "${url[$s]}" > "$work/$s.traffic.json" || fail "traffic to $s"
done
[ -n "$missing" ] && { echo "skipped: not available here:$missing (run ci/deps)"; exit 77; }
log[nginx]="$work/nginx/access.log"
log[vsftpd]="$work/vsftpd/vsftpd.log"
log[proftpd]="$work/proftpd/extended.log"
log[pure-ftpd]="$work/pure-ftpd/w3c.log"
# Servers write a session's last lines after its QUIT: wait, bounded, for them.
for _ in $(seq 1 50); do
  grep -q '"221 ' "${log[vsftpd]}" 2>/dev/null && grep -q '"QUIT" 221' "${log[proftpd]}" 2>/dev/null &&
    grep -q 'b.txt' "${log[pure-ftpd]}" 2>/dev/null && break
  sleep 0.1
done
sleep 0.3
# Replays are logged too: work on a copy of each log as the traffic left it.
for s in "${servers[@]}"; do
  [ -f "${log[$s]}" ] || continue
  cp "${log[$s]}" "$work/$s.traffic.log"
  log[$s]="$work/$s.traffic.log"
done

scheme_of() { [ "$1" = nginx ] && echo http || echo ftp; }
password_of() { [ "$1" = nginx ] && echo "$http_password" || echo "$ftp_password"; }

# reproduce NAME LOG URL-VAR OUT: runs replycheck reproduce, returns its exit status.
reproduce() {
  local name=$1 file=$2 var=$3 out=$4
  REPLYCHECK_PASSWORD=$(password_of "$name") NO_COLOR=1 timeout 120 \
    "$rc" reproduce "$file" --var "$var" --timeout 5s > "$out" 2>&1
}

no_secrets() {  # FILE...: none of the passwords may appear
  local f
  for f in "$@"; do
    if grep -qF -e "$http_password" -e "$ftp_password" -e "$canary" "$f"; then
      fail "a password appears in $(basename "$f")"
    fi
  done
}

# 2. Each log against its own server.
for s in "${servers[@]}"; do
  [ -n "${url[$s]:-}" ] || continue
  reproduce "$s" "${log[$s]}" "$(scheme_of "$s")=${url[$s]}" "$work/$s.self.txt"
  status=$?
  no_secrets "$work/$s.self.txt"
  if [ $status -eq 0 ]; then echo "ok: $s log reproduces against $s ($(tail -1 "$work/$s.self.txt"))"
  else fail "$s log against $s: exit $status"; cat "$work/$s.self.txt"; fi
done

# The logged POST (405 on a static file) is replayed with --unsafe only.
if [ -n "${url[nginx]:-}" ]; then
  REPLYCHECK_PASSWORD=$http_password NO_COLOR=1 timeout 120 "$rc" reproduce "${log[nginx]}" \
    --var "http=${url[nginx]}" --unsafe > "$work/nginx.unsafe.txt" 2>&1
  status=$?
  if [ $status -eq 0 ] && grep -q 'reproduced 405 — POST /a.txt' "$work/nginx.unsafe.txt"; then
    echo "ok: --unsafe replays the logged POST ($(tail -1 "$work/nginx.unsafe.txt"))"
  else fail "nginx log with --unsafe: exit $status"; cat "$work/nginx.unsafe.txt"; fi
fi

# 2b. The committed samples (same served tree, made by the same commands) against these servers.
samples="$src/tests/fixtures/logs/real"
for pair in nginx:nginx-access.log vsftpd:vsftpd.log vsftpd:vsftpd-interleaved.log \
            proftpd:proftpd-extended.log pure-ftpd:pure-ftpd-w3c.log; do
  s=${pair%%:*} file=${pair#*:}
  [ -n "${url[$s]:-}" ] || continue
  reproduce "$s" "$samples/$file" "$(scheme_of "$s")=${url[$s]}" "$work/sample-$file.txt"
  status=$?
  no_secrets "$work/sample-$file.txt"
  if [ $status -eq 0 ]; then echo "ok: sample $file reproduces against $s ($(tail -1 "$work/sample-$file.txt"))"
  else fail "sample $file against $s: exit $status"; cat "$work/sample-$file.txt"; fi
done

# 3. Each log against the mock emitted from it.
start_mock() {  # NAME CONFIG: sets mock_port from the `http|ftp 127.0.0.1:PORT` line
  local name=$1 config=$2 scheme
  scheme=$(scheme_of "$name")
  REPLYCHECK_PASSWORD=$(password_of "$name") "$rc" mock "$config" > "$work/$name.mock.out" 2> "$work/$name.mock.err" &
  mock_pid=$!
  mock_port=""
  for _ in $(seq 1 100); do   # bounded: 10 s
    mock_port=$(sed -n "s/^$scheme 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p" "$work/$name.mock.out" | head -1)
    [ -n "$mock_port" ] && return 0
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/$name.mock.out" "$work/$name.mock.err"
  return 1
}
for s in "${servers[@]}"; do
  [ -n "${url[$s]:-}" ] || continue
  mock="$work/$s.mock.toml"
  NO_COLOR=1 timeout 60 "$rc" reproduce "${log[$s]}" --emit-mock "$mock" > "$work/$s.emit.txt" 2>&1
  status=$?
  [ $status -eq 0 ] || { fail "$s: --emit-mock exit $status"; cat "$work/$s.emit.txt"; continue; }
  no_secrets "$mock" "$work/$s.emit.txt"
  start_mock "$s" "$mock" || { fail "$s: the emitted mock did not start"; stop_mock; continue; }
  reproduce "$s" "${log[$s]}" "$(scheme_of "$s")=$(scheme_of "$s")://127.0.0.1:$mock_port" "$work/$s.mock.txt"
  status=$?
  stop_mock
  no_secrets "$work/$s.mock.txt" "$work/$s.mock.out" "$work/$s.mock.err"
  if [ $status -eq 0 ]; then echo "ok: $s log reproduces against its emitted mock ($(tail -1 "$work/$s.mock.txt"))"
  else fail "$s log against its emitted mock: exit $status"; cat "$work/$s.mock.txt"; fi
done

# 4. Negative: the server changed since the log was written (a.txt, logged 200, now gone).
if [ -n "${url[nginx]:-}" ]; then
  rm -f "$work/root/a.txt"
  reproduce nginx "${log[nginx]}" "http=${url[nginx]}" "$work/nginx.changed.txt"
  status=$?
  if [ $status -ne 1 ]; then fail "nginx log against the changed nginx: exit $status, expected 1"; cat "$work/nginx.changed.txt"
  elif ! grep -Eq 'logged 200[^,]*, now 404' "$work/nginx.changed.txt"; then
    fail "no 'logged 200, now 404' line for the deleted file"; cat "$work/nginx.changed.txt"
  else echo "ok: the changed nginx is reported ($(grep -Em1 'logged 200[^,]*, now 404' "$work/nginx.changed.txt"))"; fi
fi

[ $failures -eq 0 ] || { echo "FAIL: $failures checks failed"; exit 1; }
echo ok
