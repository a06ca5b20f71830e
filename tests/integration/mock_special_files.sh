#!/usr/bin/env bash
# FIFOs, devices and shared files where the mock expects plain files, with the real binary:
# `--journal FIFO` (no reader) is refused at once with exit 3 and stops nothing; `--journal
# /dev/stdout > out.txt` keeps the listener lines and appends the journal after them; an FTP
# `RETR` of a FIFO in the root gets 550 and the next transfer is still served; an HTTP script
# whose body_file became a FIFO answers 500 instead of hanging; SIGTERM stops the mock.
set -u
: "${REPLYCHECK:?REPLYCHECK must name the replycheck binary}"
command -v curl >/dev/null || exit 77
source "${REPLYCHECK_SOURCE_DIR:?}/tests/integration/lib/mock.sh"

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/www" "$work/ftp"
printf 'hello\n' > "$work/www/a.txt"
printf '{"id":7}' > "$work/www/order.json"
printf 'ftp file\n' > "$work/ftp/file.txt"
mkfifo "$work/pipe" "$work/ftp/pipe"

# 1. A FIFO without a reader: open(2) would wait for one; refused at once, exit 3, named.
timeout -k 2 10 "$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/pipe" \
    > "$work/fifo.out" 2> "$work/fifo.err"
rc=$?
[ $rc -eq 3 ] || fail "--journal FIFO: exit $rc, expected 3 (124 = it hung)"
grep -q "cannot write the journal to $work/pipe: it is a FIFO" "$work/fifo.err" || fail "FIFO message: $(cat "$work/fifo.err")"
[ -p "$work/pipe" ] || fail "the FIFO was replaced"

# 2. --journal /dev/stdout > out.txt: the listener line stays first, journal lines follow it.
printf 'earlier\n' > "$work/out.txt"
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --journal /dev/stdout --journal-max-size 1 \
    >> "$work/out.txt" 2> "$work/stdout.err" &
pid=$!
pids+=("$pid")
mock_wait "$work/out.txt" "$pid" http || fail "the mock did not start: $(cat "$work/stdout.err")"
http=$(mock_listener "$work/out.txt" http)
for n in 1 2; do curl -s -m 5 -o /dev/null "http://$http/a.txt" || fail "curl $n"; done
sleep 0.3
mock_stop "$pid" || fail "the mock did not stop on SIGTERM"
[ "$(sed -n 1p "$work/out.txt")" = "earlier" ] || fail "out.txt was emptied"
[ "$(sed -n 2p "$work/out.txt")" = "http $http" ] || fail "the listener line was overwritten: $(head -3 "$work/out.txt")"
[ "$(grep -c '"target":"/a.txt"' "$work/out.txt")" -eq 2 ] || fail "journal lines missing in out.txt"
[ ! -e "$work/out.txt.1" ] || fail "stdout's file was rotated"

# 2b. --journal e.txt -v 2> e.txt: the journal and the -v lines share the file, neither
#     overwrites the other (one offset), and a JSON password is masked in both.
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/e.txt" -v \
    > "$work/shared.out" 2> "$work/e.txt" &
pid=$!
pids+=("$pid")
mock_wait "$work/shared.out" "$pid" http || fail "the mock did not start: $(cat "$work/e.txt")"
http=$(mock_listener "$work/shared.out" http)
curl -s -m 5 -o /dev/null "http://$http/a.txt" || fail "curl"
curl -s -m 5 -o /dev/null -H 'Content-Type: application/json' -d '{"password":"JsonPw4711","page":2}' \
    "http://$http/a.txt" || fail "curl POST"
sleep 0.3
mock_stop "$pid" || fail "the mock did not stop on SIGTERM"
[ "$(grep -c '^{"mock":"http"' "$work/e.txt")" -eq 2 ] || fail "journal lines lost or overwritten: $(cat "$work/e.txt")"
[ "$(grep -c '^http #' "$work/e.txt")" -eq 2 ] || fail "-v lines lost or overwritten: $(cat "$work/e.txt")"
grep -q 'JsonPw4711' "$work/e.txt" && fail "the JSON password reached the journal or the console"
grep -q '\\"password\\":\\"\*\*\*\\"' "$work/e.txt" || fail "the JSON member is not shown masked: $(cat "$work/e.txt")"

# 3. FTP: RETR and SIZE of a FIFO get 550 without stalling the mock; then a file downloads.
"$REPLYCHECK" mock --ftp 127.0.0.1:0 --ftp-root "$work/ftp" --anonymous --http 127.0.0.1:0 --root "$work/www" \
    --admin 127.0.0.1:0 > "$work/m.out" 2> "$work/m.err" &
pid=$!
pids+=("$pid")
mock_wait "$work/m.out" "$pid" ftp admin || fail "the mock did not start: $(cat "$work/m.err")"
ftp=$(mock_listener "$work/m.out" ftp)
http=$(mock_listener "$work/m.out" http)
admin=$(mock_listener "$work/m.out" admin)
curl -s -m 5 "ftp://$ftp/pipe" > /dev/null 2> "$work/retr.err"
rc=$?
[ $rc -eq 78 ] || fail "RETR of a FIFO: curl exit $rc, expected 78 (550); 28 = it hung"
size=$(curl -s -m 5 -I "ftp://$ftp/pipe" 2>&1 | grep -i '^Content-Length' || true)
[ -z "$size" ] || fail "SIZE of a FIFO gave a size: $size"
[ "$(curl -s -m 5 "ftp://$ftp/file.txt")" = "ftp file" ] || fail "the FTP mock stalled after a FIFO"

# 4. HTTP: a script's body_file replaced by a FIFO gives 500 at once; other requests are served.
status=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST "http://$admin/rules/http" \
    -H 'Content-Type: application/json' -d '{"match":{"path":"/order"},"reply":{"body_file":"order.json"}}')
[ "$status" = 201 ] || fail "POST /rules/http: $status"
[ "$(curl -s -m 5 "http://$http/order")" = '{"id":7}' ] || fail "body_file not served"
rm "$work/www/order.json"
mkfifo "$work/www/order.json"
status=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://$http/order")
[ "$status" = 500 ] || fail "body_file as a FIFO: $status, expected 500 (000 = it hung)"
rm "$work/www/order.json"
status=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://$http/order")
[ "$status" = 500 ] || fail "body_file removed: $status, expected 500"
[ "$(curl -s -m 5 "http://$http/a.txt")" = hello ] || fail "static file after the FIFO"
mock_stop "$pid" || fail "the mock did not stop on SIGTERM"
[ "$RC" -eq 0 ] || fail "mock exit $RC"

# 5. --journal-keep that is not a number says so.
"$REPLYCHECK" mock --http 127.0.0.1:0 --root "$work/www" --journal "$work/j" --journal-keep abc \
    > /dev/null 2> "$work/keep.err"
rc=$?
[ $rc -eq 2 ] || fail "--journal-keep abc: exit $rc"
grep -q "not a number" "$work/keep.err" || fail "--journal-keep abc: $(cat "$work/keep.err")"
echo ok
