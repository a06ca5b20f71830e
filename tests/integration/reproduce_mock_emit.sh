#!/usr/bin/env bash
# `replycheck reproduce LOG --emit-mock m.toml`, then `replycheck mock m.toml`, then
# `replycheck reproduce LOG` against that mock must pass (exit 0), for IIS W3C HTTP and FTP
# samples (tests/fixtures/logs/mockemit/: 500.19, 404.3, 403.14, 401.2, 304, 206, 416; an FTP
# session with 530, 550 and a 226 RETR). Also: the emitted file holds no password, the mock
# refuses to start without REPLYCHECK_PASSWORD, the 500.19 is the IIS detailed page (curl), the
# other sample logs of the tree round-trip too, and the same log against a mock that answers
# differently fails (exit 1).
# Skips (77) while this build's `replycheck reproduce` has no --emit-mock.
set -uo pipefail

rc=${REPLYCHECK:?REPLYCHECK must name the replycheck binary}
src=${REPLYCHECK_SOURCE_DIR:?REPLYCHECK_SOURCE_DIR must name the repository}
logs=$src/tests/fixtures/logs/mockemit
command -v curl >/dev/null || { echo "curl is not installed"; exit 77; }
"$rc" reproduce --help 2>&1 | grep -q -- '--emit-mock' || { echo "replycheck reproduce has no --emit-mock here"; exit 77; }

work=$(mktemp -d /tmp/replycheck-mockemit.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
source "$src/tests/integration/lib/check.sh"
password='Pw-9f3kQ-not-in-files'

start_mock() {  # config ; sets pid, http_port, ftp_port (either may stay empty)
  REPLYCHECK_PASSWORD=$password "$rc" mock "$1" > "$work/out" 2> "$work/err" &
  pid=$!
  http_port="" ftp_port=""
  local want_http=0 want_ftp=0
  grep -q '^\[mock\.http\]' "$1" && want_http=1
  grep -q '^\[mock\.ftp\]' "$1" && want_ftp=1
  for _ in $(seq 1 100); do   # bounded: 10 s
    http_port=$(sed -n 's/^http 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/out" | head -1)
    ftp_port=$(sed -n 's/^ftp 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/out" | head -1)
    if { [ $want_http = 0 ] || [ -n "$http_port" ]; } && { [ $want_ftp = 0 ] || [ -n "$ftp_port" ]; }; then
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "mock did not print its ports:"; cat "$work/out" "$work/err"
  return 1
}

stop_mock() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  wait "$pid" 2>/dev/null
  pid=""
}

vars() {  # the --var flags for the running mock
  [ -n "$http_port" ] && printf -- '--var\nhttp=http://127.0.0.1:%s\n' "$http_port"
  [ -n "$ftp_port" ] && printf -- '--var\nftp=ftp://127.0.0.1:%s\n' "$ftp_port"
}

# Emitting needs no password (the contract's flow): the mock reads it when it starts.
for log in u_ex261120.log u_ex261120_ftp.log; do
  mock="$work/${log%.log}.toml"
  check "$log: --emit-mock writes the mock config (exit 0)" \
    env -u REPLYCHECK_PASSWORD "$rc" reproduce "$logs/$log" --emit-mock "$mock"
  [ -f "$mock" ] || continue
  check "$log: no password in the emitted file" bash -c "! grep -qF -- '$password' '$mock'"
  check "$log: the mock root exists beside it" test -d "$work/${log%.log}-root"
  if ! start_mock "$mock"; then failures=$((failures + 1)); stop_mock; continue; fi
  mapfile -t flags < <(vars)
  REPLYCHECK_PASSWORD=$password "$rc" reproduce "$logs/$log" "${flags[@]}" > "$work/run.txt" 2>&1
  status=$?
  check "$log: reproduce against the emitted mock passes (exit $status)" test $status -eq 0
  [ $status -eq 0 ] || cat "$work/run.txt"
  check "$log: no password in the reproduce output" bash -c "! grep -qF -- '$password' '$work/run.txt'"
  if [ "$log" = u_ex261120.log ]; then
    curl --silent --max-time 10 "http://127.0.0.1:$http_port/app/default.aspx" -o "$work/page.html" \
      -w '%{http_code}' > "$work/code.txt"
    check "500.19: status 500 on the wire" grep -qx 500 "$work/code.txt"
    check "500.19: the IIS detailed error page" grep -q 'HTTP Error 500.19' "$work/page.html"
  fi
  stop_mock
done

# Both logs in one mock, --listen honoured (port 0 still: any free port).
check "both logs: --emit-mock with --listen" env -u REPLYCHECK_PASSWORD "$rc" reproduce "$logs/u_ex261120.log" \
  "$logs/u_ex261120_ftp.log" --emit-mock "$work/both.toml" --listen http=127.0.0.1:0 --listen ftp=127.0.0.1:0
if start_mock "$work/both.toml"; then
  mapfile -t flags < <(vars)
  REPLYCHECK_PASSWORD=$password "$rc" reproduce "$logs/u_ex261120.log" "$logs/u_ex261120_ftp.log" "${flags[@]}" \
    > "$work/run.txt" 2>&1
  status=$?
  check "both logs against one emitted mock pass (exit $status)" test $status -eq 0
  [ $status -eq 0 ] || cat "$work/run.txt"
  check "  every FTP session reproduced" test "$(grep -c '^reproduced .* FTP session' "$work/run.txt")" -eq 3
  stop_mock
fi

# Every other sample log in the tree (reader fixtures, real server logs) round-trips as well;
# a log with nothing to replay (exit 2) is passed over, and mock_differs.log is meant to differ.
for sample in "$src"/tests/fixtures/logs/*.log "$src"/tests/fixtures/logs/xferlog "$src"/tests/fixtures/logs/real/*.log \
              "$src"/tests/fixtures/logs/real/*xferlog "$src"/tests/fixtures/logs/reproduce/*.log; do
  [ -f "$sample" ] || continue
  case $(basename "$sample") in mock_differs.log|malformed_*|no_fields_*) continue ;; esac
  name=$(basename "$sample")
  env -u REPLYCHECK_PASSWORD "$rc" reproduce "$sample" --emit-mock "$work/sample.toml" > "$work/emit.txt" 2>&1
  status=$?
  [ $status -eq 2 ] && continue
  check "$name: --emit-mock (exit $status)" test $status -eq 0
  [ $status -eq 0 ] || continue
  if ! start_mock "$work/sample.toml"; then failures=$((failures + 1)); stop_mock; continue; fi
  mapfile -t flags < <(vars)
  REPLYCHECK_PASSWORD=$password "$rc" reproduce "$sample" "${flags[@]}" > "$work/run.txt" 2>&1
  status=$?
  check "$name: reproduce against its emitted mock passes (exit $status)" test $status -eq 0
  [ $status -eq 0 ] || grep -v '^reproduced' "$work/run.txt"
  stop_mock
done

# The mock reads the password from the environment: without it, a located config error, exit 2.
"$rc" mock "$work/u_ex261120_ftp.toml" > /dev/null 2> "$work/err" & pid=$!
wait "$pid"; status=$?; pid=""
check "mock without REPLYCHECK_PASSWORD exits 2 (got $status)" test $status -eq 2
check "  naming file:line:col and the variable" \
  grep -qE 'u_ex261120_ftp\.toml:[0-9]+:[0-9]+: environment variable REPLYCHECK_PASSWORD is not set' "$work/err"

# The check can fail: the same HTTP log against a plain mock over an empty folder is not reproduced.
mkdir -p "$work/empty"
printf '[mock.http]\nroot = "empty"\nflavour = "iis"\n' > "$work/plain.toml"
if start_mock "$work/plain.toml"; then
  "$rc" reproduce "$logs/u_ex261120.log" --var "http=http://127.0.0.1:$http_port" > "$work/run.txt" 2>&1
  status=$?
  check "against a mock that answers otherwise: exit 1 (got $status)" test $status -eq 1
  check "  saying what was logged and what came" grep -q 'logged 500.19, now 404' "$work/run.txt"
  stop_mock
fi

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"
