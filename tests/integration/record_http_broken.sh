#!/usr/bin/env bash
# `replycheck record` against a small Python upstream that misbehaves or reflects secrets: a reply
# cut off mid-body is a note and no exchange; credentials the server echoes (Basic, Cookie,
# X-Api-Key, an access_token query, Set-Cookie) reach no file and no console line; a binary
# reply and text holding ''' are replayed against the emitted mock; SIGTERM during a slow
# 20 MB transfer exits within one --timeout; a file that cannot be written costs only itself;
# a port in use, --to with a path and an empty recording are told plainly. A token handed out
# per login in a Location and followed by curl -L, and an ETag that changes with every reply,
# replay against the upstream with no --secret (captured, never expected as recorded or masked);
# a Destination, a User-Agent the reply varies on and an oversized field are replayed.
set -uo pipefail
rc=${REPLYCHECK:?} src=${REPLYCHECK_SOURCE_DIR:?}
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed: skipped"; exit 77; }
. "$src/tests/integration/lib/mock.sh"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do { kill -KILL "$p" && wait "$p"; } 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$work"

python3 "$src/tests/integration/record_http_upstream.py" "$work/port" "$work/tokens.txt" &
pids+=($!)
for _ in $(seq 1 50); do [ -s port ] && break; sleep 0.1; done
[ -s port ] || fail "the Python upstream did not start"
up="http://127.0.0.1:$(cat port)"

start_recorder() {
  local name=$1
  shift
  "$rc" record --listen 127.0.0.1:0 --to "$up" "$@" >"$name.out" 2>"$name.err" &
  rec_pid=$!
  pids+=("$rec_pid")
  mock_wait "$name.out" "$rec_pid" http || { cat "$name.err"; fail "$name: the recorder did not start"; }
  rec_url="http://$(mock_listener "$name.out" http)"
}
# stop_recorder NAME [SIGNAL]: the exit status lands in RC (at most 10 s).
stop_recorder() {
  kill "-${2:-INT}" "$rec_pid"
  for _ in $(seq 1 100); do kill -0 "$rec_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$rec_pid" 2>/dev/null && fail "$1: the recorder did not stop"
  wait "$rec_pid"; RC=$?
}
c() { curl -s --max-time 10 "$@"; }

# --- one recording: a cut reply, reflected secrets, a binary reply, text with ''' -----------
start_recorder main --emit-scenarios s.toml --emit-mock m.toml -v --timeout 3s
got=$(c -o cut.body -w '%{http_code} %{size_download}' "$rec_url/cut?access_token=CutT0ken88")
[ "$got" = "200 100" ] || fail "the cut reply: the client should get the 100 bytes sent, got '$got'"
c -u alice:TraceSecret9 -H 'Cookie: sid=C00kieVal77; theme=dark' -H 'X-Api-Key: ApiK3yValue' \
  "$rec_url/echo?access_token=Tok3nValue55&page=2" > echo.body
grep -q 'ApiK3yValue' echo.body || fail "the echo upstream did not reflect the key (the test would prove nothing)"
c -o bin.body "$rec_url/bin"
[ "$(wc -c < bin.body)" = 1024 ] || fail "the binary reply did not pass whole"
c -H 'Content-Type: text/plain' --data-binary $'l1\nl2 '"'''"$' end\n"""' "$rec_url/post" > post.body
grep -qF "'''" post.body || fail "the POST echo lost its quotes"
stop_recorder main
[ "$RC" = 0 ] || { cat main.err; fail "the recorder exited with $RC"; }
cat main.out
grep -q '^wrote 3 step(s) to s.toml$' main.out || fail "the cut reply was recorded as an exchange"
grep -q '^wrote a mock answering 3 recorded exchange(s) to m.toml$' main.out || fail "the mock does not answer all 3"
grep -q 'GET /cut?access_token=\*\*\*: the upstream closed in the middle of the reply (connection closed after 100 of 1000 body bytes' main.out \
  || fail "no note for the cut reply"
for secret in TraceSecret9 YWxpY2U6VHJhY2VTZWNyZXQ5 C00kieVal77 ApiK3yValue Tok3nValue55 SessV4lue99 CutT0ken88; do
  if grep -l "$secret" s.toml m.toml main.out main.err; then fail "$secret was written or printed"; fi
done
grep -q 'session=\*\*\*\*\*\*\*\*\*\*\*; Path=/' m.toml || fail "Set-Cookie not masked with its length"
grep -qF 'access_token=${query_access_token}&page=2' s.toml || fail "no placeholder for the query secret"
[ "$(ls m-root/replies)" = 2.bin ] || fail "not one file, for the binary reply (step 2), under m-root"
cmp bin.body m-root/replies/2.bin || fail "the binary reply file differs from what the upstream sent"

# The scenarios pass against the emitted mock (same-length masks keep Content-Length right).
"$rc" mock m.toml >mock.out 2>mock.err &
mock_pid=$!
pids+=("$mock_pid")
mock_wait mock.out "$mock_pid" http || { cat mock.err m.toml; fail "the emitted mock did not start"; }
mock_url="http://$(mock_listener mock.out http)"
run_args=(--var http_user=alice --secret http_password=TraceSecret9 --secret query_access_token=Tok3nValue55
  --secret cookie_sid=C00kieVal77 --secret cookie_theme=dark --secret header_x_api_key=ApiK3yValue)
NO_COLOR=1 timeout 60 "$rc" run s.toml --var http="$mock_url" "${run_args[@]}" >run_mock.txt 2>&1 \
  || { cat run_mock.txt s.toml; fail "the recorded scenarios fail against the emitted mock"; }
cmp <(c "$mock_url/bin") bin.body || fail "the mock's binary reply differs"
NO_COLOR=1 timeout 60 "$rc" run s.toml --var http="$up" "${run_args[@]}" >run_up.txt 2>&1 \
  || { cat run_up.txt; fail "the recorded scenarios fail against the upstream"; }
mock_stop "$mock_pid"

# --- a token per login in Location, an ETag per reply: captured, never expected ---------------
start_recorder tok --emit-scenarios tok.toml --emit-mock tokm.toml
c -L -o /dev/null "$rec_url/go" && c -L -o /dev/null "$rec_url/go?abs=1" || fail "the login redirects failed"
got=$(c -L "$rec_url/go?abs=1")
[ "$got" = welcome ] || fail "the absolute login redirect through the recorder: got '$got'"
etag=$(c -D - -o /dev/null "$rec_url/etag" | tr -d '\r' | sed -n 's/^ETag: //Ip')
[ -n "$etag" ] || fail "no ETag from /etag"
[ "$(c -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$rec_url/etag")" = 304 ] || fail "the ETag was not honoured"
stop_recorder tok
[ "$RC" = 0 ] || { cat tok.err; fail "tok: the recorder exited with $RC"; }
grep -q '^wrote 8 step(s) to tok.toml$' tok.out || { cat tok.out; fail "tok: not 8 steps"; }
grep -F '***' tok.toml | grep -q 'expect' && { cat tok.toml; fail "a mask is expected in the scenarios"; }
grep -q -- '--secret' tok.toml && { head -5 tok.toml; fail "a captured token is asked for with --secret"; }
[ "$(grep -c 'header = .Location., regex = .*secret = true' tok.toml)" = 3 ] \
  || { cat tok.toml; fail "not one secret Location capture per login"; }
grep -qF 'session_token=${query_session_token_' tok.toml || fail "the followed request does not send the capture"
grep -q 'ETag = { matches' tok.toml || fail "the ETag is not expected as a pattern"
"$rc" mock tokm.toml >tokmock.out 2>tokmock.err &
mock_pid=$!
pids+=("$mock_pid")
mock_wait tokmock.out "$mock_pid" http || { cat tokmock.err tokm.toml; fail "the token mock did not start"; }
for target in "$up" "http://$(mock_listener tokmock.out http)"; do
  NO_COLOR=1 timeout 60 "$rc" run tok.toml --var http="$target" >>run_tok.txt 2>&1 \
    || { cat run_tok.txt tok.toml; fail "the token scenarios fail against $target"; }
done
mock_stop "$mock_pid"
# The upstream takes each token once: the replay passed with the ones it issued anew.
[ "$(wc -l < tokens.txt)" = 6 ] || fail "the replay did not log in three times anew"
while read -r token; do
  if grep -l "$token" tok.toml tokm.toml tok.out tok.err run_tok.txt; then fail "a login token was written or printed"; fi
done < tokens.txt

# --- fields that decided a reply: Destination, User-Agent (Vary), an oversized field ----------
start_recorder fields --emit-scenarios fields.toml
[ "$(c -o /dev/null -w '%{http_code}' -X MOVE -H "Destination: $rec_url/moved.txt" "$rec_url/new.txt")" = 204 ] \
  || fail "MOVE through the recorder"
[ "$(c -o /dev/null -w '%{http_code}' "$rec_url/ua")" = 200 ] || fail "curl's User-Agent was refused"
[ "$(c -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' b)" "$rec_url/ua")" = 431 ] \
  || fail "the oversized field was not refused"
stop_recorder fields
grep -qF "Destination = '\${http}/moved.txt'" fields.toml || { cat fields.toml; fail "Destination not replayed at \${http}"; }
grep -q "User-Agent = 'curl/" fields.toml || fail "User-Agent (named by Vary) not replayed"
grep -q "X-Big = 'bbbb" fields.toml || fail "the oversized field of the 431 not replayed"
NO_COLOR=1 timeout 60 "$rc" run fields.toml --var http="$up" >run_fields.txt 2>&1 \
  || { cat run_fields.txt; fail "the deciding fields do not replay against the upstream"; }

# --- SIGTERM during a slow 20 MB transfer: out within one --timeout --------------------------
start_recorder slow --emit-scenarios slow.toml --timeout 4s
# A client of our own that reads 16 KiB every 50 ms through a small receive window (curl
# 7.88's --limit-rate lets 10 MB through in a second, so it cannot make a slow reader).
python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
s.settimeout(10)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
with open("big.part", "wb") as f:
    for _ in range(1200):
        data = s.recv(16384)
        if not data: break
        f.write(data); f.flush()
        time.sleep(0.05)
' "${rec_url##*:}" &
pids+=($!)
# SIGTERM once the reply is flowing (a loaded machine may take a while to get there).
for _ in $(seq 1 100); do [ -s big.part ] && break; sleep 0.1; done
[ -s big.part ] || fail "the slow transfer did not start"
sleep 0.5
start=$(date +%s%N)
stop_recorder slow TERM
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "SIGTERM to exit: ${elapsed} ms"
[ "$elapsed" -lt 9000 ] || fail "the recorder took ${elapsed} ms after SIGTERM (--timeout 4s)"
grep -q 'GET /big: cut at stop' slow.out || { cat slow.out; fail "no 'cut at stop' note"; }

# --- Ctrl-C while a client has sent half a request head: out within one slice, not --timeout --
start_recorder half --emit-scenarios half.toml -v --timeout 30s
python3 -c '
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"GET /half HTTP/1.1\r\nHost: x\r\n")
open("half.sent", "w").close()
time.sleep(20)
' "${rec_url##*:}" &
pids+=($!)
for _ in $(seq 1 100); do [ -e half.sent ] && break; sleep 0.1; done
[ -e half.sent ] || fail "the half request was not sent"
sleep 0.5   # the recorder has read it
start=$(date +%s%N)
stop_recorder half INT
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
echo "SIGINT with half a request head to exit: ${elapsed} ms"
[ "$elapsed" -lt 10000 ] || fail "the recorder took ${elapsed} ms after SIGINT with a half request (--timeout 30s)"
grep -q 'cut at stop' half.out || { cat half.out half.err; fail "no 'cut at stop' note for the half request"; }

# --- a file that cannot be written costs only itself ----------------------------------------
# (made a file once the recorder runs: a target bound to fail at start is refused then, exit 2)
start_recorder badfile --emit-scenarios not-a-dir/s.toml --emit-mock ok.toml
touch not-a-dir
c -o /dev/null "$rec_url/bin"
stop_recorder badfile
[ "$RC" = 3 ] || fail "a failed write: exit $RC, not 3"
grep -q "^replycheck record: cannot write not-a-dir/s.toml: " badfile.err || { cat badfile.err; fail "no 'cannot write FILE'"; }
grep -q "report" badfile.err && fail "the message speaks of a report"
[ -s ok.toml ] && grep -q '^wrote a mock answering 1 recorded exchange(s) to ok.toml$' badfile.out || fail "the other file was lost"

# --- nothing recorded: neither file is written ----------------------------------------------
start_recorder empty --emit-scenarios e.toml --emit-mock em.toml
stop_recorder empty
[ "$RC" = 0 ] || fail "empty recording: exit $RC"
grep -q '^no exchange recorded: em.toml not written$' empty.out || fail "empty recording: no word on the mock"
[ -e e.toml ] || [ -e em.toml ] && fail "an empty recording wrote a file"

# --- a port in use, and --to with a path ---------------------------------------------------
"$rc" record --listen "127.0.0.1:$(cat port)" --to "$up" --emit-mock x.toml >inuse.out 2>inuse.err
RC=$?
[ "$RC" = 3 ] || fail "port in use: exit $RC"
grep -qx "replycheck record: cannot listen on 127.0.0.1:$(cat port): Address already in use" inuse.err \
  || { cat inuse.err; fail "port in use: not said plainly"; }
"$rc" record --to "$up/some/path?q=1" --emit-mock x.toml >path.out 2>path.err
RC=$?
[ "$RC" = 2 ] || fail "--to with a path: exit $RC"
grep -q "takes an origin" path.err || { cat path.err; fail "--to with a path: no reason"; }
echo "record_http_broken: ok"
