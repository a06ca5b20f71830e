#!/usr/bin/env bash
# An FTP peer whose greeting never ends ("220-" lines without the closing "220 "), sent as fast
# as it can or one line every 100 ms. `replycheck smoke` and `replycheck run` (ftp, raw and
# ftp_url steps) must stay within bounded memory (the reply limits of ftp_reply_parser) and end
# within the timeout plus one second (two under a sanitizer), measured with /usr/bin/time -v.
set -uo pipefail
rc=${REPLYCHECK:?}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
work=$(mktemp -d)
peer=
trap '[ -n "$peer" ] && kill "$peer" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

timeout_s=3
max_rss_kb=$((100 * 1024))
# Under AddressSanitizer freed memory waits in a 256 MB quarantine: the bound then only shows
# that memory stays bounded (without the reply limit it grows past 1 GB).
[ "${REPLYCHECK_SANITIZE:-}" = address ] && max_rss_kb=$((512 * 1024))
# The margin over the timeout covers process start and exit; an instrumented binary on a busy
# machine needs more of it (the unbounded reader took 14 s here).
slack_s=1
[ -n "${REPLYCHECK_SANITIZE:-}" ] && slack_s=2
max_elapsed=$((timeout_s + slack_s))

# Runs the command under /usr/bin/time -v; fails when it needs more memory or time.
bounded() {
    local what=$1
    shift
    /usr/bin/time -v -o time.txt "$@" >out.txt 2>&1
    local status=$?
    [ $status -eq 1 ] || { cat out.txt; fail "$what: expected exit 1, got $status"; }
    local rss elapsed
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' time.txt)
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' time.txt |
              awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    echo "$what: max RSS ${rss} kB, elapsed ${elapsed} s"
    [ "$rss" -le $max_rss_kb ] || fail "$what: max RSS ${rss} kB > ${max_rss_kb} kB"
    awk -v e="$elapsed" -v m="$max_elapsed" 'BEGIN { exit !(e <= m) }' ||
        fail "$what: took ${elapsed} s, more than the ${timeout_s} s timeout + ${slack_s} s"
}

for mode in ftp-endless ftp-drip; do
    rm -f port
    python3 "$here/hostile_peer.py" $mode port &
    peer=$!
    for _ in $(seq 1 50); do [ -s port ] && break; sleep 0.1; done
    [ -s port ] || fail "the hostile peer did not start"
    url="ftp://127.0.0.1:$(cat port)"

    bounded "$mode smoke" "$rc" smoke "$url/" --timeout ${timeout_s}s --report-json smoke.json
    grep -q "no 220 greeting" out.txt || fail "$mode smoke: the other probes must be skipped"
    if [ $mode = ftp-endless ]; then
        grep -q "reply larger than the limit of 1048576 bytes" smoke.json ||
            fail "$mode smoke: the report must name the reply limit"
    else
        grep -q "timeout after ${timeout_s}000ms" smoke.json || fail "$mode smoke: the timeout must be reported"
    fi

    for step in "ftp = { greeting = true, to = \"$url\" }" \
                "raw = { send = \"\", read = \"ftp\", to = \"${url#ftp://}\" }" \
                "ftp_url = \"$url/a.txt\""; do
        cat >one.toml <<TOML
[[scenario]]
name = "endless greeting"
  [[scenario.step]]
  $step
  expect = { code = 220 }
TOML
        bounded "$mode run ${step%% *}" "$rc" run one.toml --timeout ${timeout_s}s
        grep -q "ERROR" out.txt || fail "$mode run ${step%% *}: the step must be an error"
    done
    kill $peer 2>/dev/null
    wait $peer 2>/dev/null
    peer=
done
echo ok
