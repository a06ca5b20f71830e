# Helpers for integration scripts that run `replycheck mock` in the background and read the
# listener lines it prints (`http HOST:PORT`, `https …`, `ftp …`, `ftps …`, `cert PATH`).

# mock_listener FILE KIND: the HOST:PORT printed as `KIND HOST:PORT` in FILE, or nothing.
mock_listener() { awk -v kind="$2" '$1 == kind { print $2; exit }' "$1" 2>/dev/null; }

# mock_wait FILE PID KIND...: waits, at most 10 s, until FILE holds a line for every KIND;
# false when the mock (PID) exited first or the time ran out.
mock_wait() {
  local file=$1 pid=$2 kind ready
  shift 2
  for _ in $(seq 1 100); do
    ready=1
    for kind in "$@"; do grep -q "^$kind " "$file" 2>/dev/null || ready=0; done
    [ $ready -eq 1 ] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# mock_stop PID: SIGTERM, then at most 5 s for the exit; RC gets the exit status. False (after a
# SIGKILL) when the mock did not stop on SIGTERM.
mock_stop() {
  kill -TERM "$1"
  for _ in $(seq 1 50); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$1" 2>/dev/null; then
    kill -KILL "$1"
    wait "$1"; RC=$?
    return 1
  fi
  wait "$1"; RC=$?
}
