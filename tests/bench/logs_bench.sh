#!/usr/bin/env bash
# `replycheck logs` on a generated 1,000,000-line combined log, against two peers on the same
# file in the same run:
#   awk '{c[$9]++} END {...}'   counts statuses only (the floor: one field of each line)
#   GoAccess (Debian's)         a full log analyser, JSON output, no terminal
# and the peak RSS of replycheck (/usr/bin/time -v). The counts replycheck reports are checked
# against awk's before any time is taken.
# Goals: replycheck/awk <= 1.0, goaccess/replycheck >= 20, peak RSS <= 50 MB.
# Times are the best of BENCH_RUNS runs (default 5) after one warm-up, so a load burst on a
# shared machine does not decide; GoAccess runs BENCH_GOACCESS_RUNS times (default 1), at most
# BENCH_GOACCESS_TIMEOUT seconds (default 600). Whole run: about 10 s + GoAccess (~1 min here).
#
#   tests/bench/logs_bench.sh                  # REPLYCHECK=path/to/replycheck (a Release build)
#   BENCH_LINES=200000 tests/bench/logs_bench.sh
# Tools: ci/deps --bench (hyperfine, goaccess, time, bc); without hyperfine, /usr/bin/time loops.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
rc=${REPLYCHECK:-${REPLYCHECK_BINARY_DIR:-$src/build}/harness/cli/replycheck}
lines=${BENCH_LINES:-1000000}
runs=${BENCH_RUNS:-5}
ga_runs=${BENCH_GOACCESS_RUNS:-1}
ga_timeout=${BENCH_GOACCESS_TIMEOUT:-600}
[ -x "$rc" ] || { echo "logs_bench: no replycheck binary at $rc (set REPLYCHECK)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "logs_bench: python3 is needed for the generator" >&2; exit 77; }
[ -x /usr/bin/time ] || { echo "logs_bench: /usr/bin/time is not installed (ci/deps --bench)" >&2; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log="$work/access.log"
awk_prog='{c[$9]++} END {for (k in c) print k, c[k]}'

echo "generating $lines combined lines (tests/bench/gen_combined_log.py, seed 11)"
python3 "$src/tests/bench/gen_combined_log.py" "$lines" 11 > "$log"
echo "log: $(du -h "$log" | cut -f1), $(wc -l < "$log") lines"

# Correctness first: replycheck's count of each status equals awk's.
"$rc" logs "$log" --json > "$work/rc.json"
awk "$awk_prog" "$log" | sort > "$work/awk.counts"
python3 - "$work/rc.json" > "$work/rc.counts" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
counts = {}
for row in doc["codes"]:
    counts[row["status"]] = counts.get(row["status"], 0) + row["count"]
for status, n in counts.items():
    print(status, n)
PY
sort -o "$work/rc.counts" "$work/rc.counts"
if ! cmp -s "$work/awk.counts" "$work/rc.counts"; then
    echo "logs_bench: replycheck's status counts differ from awk's:" >&2
    diff "$work/awk.counts" "$work/rc.counts" >&2 || true
    exit 1
fi
echo "status counts agree with awk ($(wc -l < "$work/awk.counts") statuses)"

# best_seconds NAME RUNS COMMAND: the best wall time in seconds.
best_seconds() {
    local name=$1 n=$2 cmd=$3
    if command -v hyperfine >/dev/null; then
        hyperfine -N --style none --warmup "$([ "$n" -gt 1 ] && echo 1 || echo 0)" --runs "$n" \
            --export-json "$work/$name.json" "$cmd" >/dev/null 2>&1 || return 1
        python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["min"])' "$work/$name.json"
    else
        local best="" t
        for _ in $(seq 1 "$n"); do
            /usr/bin/time -f %e -o "$work/$name.time" bash -c "$cmd" >/dev/null 2>&1 || return 1
            t=$(cat "$work/$name.time")
            if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
        done
        echo "$best"
    fi
}
ratio() { printf "%.2f" "$(echo "scale=4; $1 / $2" | bc -l)"; }

echo "timing replycheck and awk (best of $runs)"
rc_s=$(best_seconds replycheck "$runs" "$rc logs $log --json")
awk_s=$(best_seconds awk "$runs" "awk '$awk_prog' $log")
# replycheck's peak resident set, in kB.
/usr/bin/time -v -o "$work/rc.rss" "$rc" logs "$log" --json > /dev/null
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/rc.rss")

ga_s=""
if command -v goaccess >/dev/null; then
    echo "timing GoAccess $(goaccess --version | sed -n 's/^GoAccess - \([0-9.]*\).*/\1/p') (best of $ga_runs, at most ${ga_timeout}s each)"
    ga_cmd="timeout $ga_timeout goaccess $log --log-format=COMBINED --no-global-config --no-progress -o $work/ga-report.json"
    ga_s=$(best_seconds goaccess "$ga_runs" "$ga_cmd") || ga_s=""
    [ -n "$ga_s" ] || echo "GoAccess failed or took longer than ${ga_timeout}s"
else
    echo "GoAccess is not installed (ci/deps --bench): its ratio is skipped"
fi

echo
printf '%-34s %8.3f s\n' "replycheck logs --json" "$rc_s"
printf '%-34s %8.3f s\n' "awk '{c[\$9]++}'" "$awk_s"
[ -n "$ga_s" ] && printf '%-34s %8.3f s\n' "goaccess -o json" "$ga_s"
printf '%-34s %8d kB\n' "replycheck peak RSS" "$rss_kb"
echo
r_awk=$(ratio "$rc_s" "$awk_s")
echo "replycheck/awk      = $r_awk   (goal <= 1.0)"
if [ -n "$ga_s" ]; then
    r_ga=$(ratio "$ga_s" "$rc_s")
    echo "goaccess/replycheck = $r_ga   (goal >= 20)"
fi
echo "replycheck RSS      = $((rss_kb / 1024)) MB  (goal <= 50 MB)"
