#!/usr/bin/env bash
# A report writer killed between writing its temporary file and renaming it leaves the
# temporary behind; the next write of the same report removes it and writes a whole report.
# The kill is real: a file size limit makes the kernel stop the process (SIGXFSZ) in the
# middle of writing the HTML page. Files that are not our temporaries are never removed.
set -euo pipefail
: "${REPLYCHECK:?}" "${REPLYCHECK_SOURCE_DIR:?}" "${REPLYCHECK_BINARY_DIR:?}"

work="$REPLYCHECK_BINARY_DIR/report-stale-temporary"
rm -rf "$work"
mkdir -p "$work/out"
fixtures="$REPLYCHECK_SOURCE_DIR/tests/fixtures/reports"
shards=("$fixtures/shard-1.json" "$fixtures/shard-2.json")
fail() { echo "FAIL: $*" >&2; exit 1; }
temporaries() { find "$work/out" -maxdepth 1 -name ".$1.*.tmp" -type f | sort; }

# 1. Killed mid-write: 1 KiB of file size allowed, the page is larger.
set +e
{ (ulimit -c 0; ulimit -f 1; exec "$REPLYCHECK" report merge -q "${shards[@]}" --report-html "$work/out/r.html" \
  2>"$work/killed.err"); code=$?; } >/dev/null 2>&1   # quiet: the shell reports the kill
set -e
[ "$code" -eq $((128 + $(kill -l XFSZ))) ] || { cat "$work/killed.err" >&2; fail "expected death by SIGXFSZ, got exit $code"; }
[ ! -e "$work/out/r.html" ] || fail "a killed writer left a report in place"
left=$(temporaries r.html)
[ "$(printf '%s\n' "$left" | grep -c .)" -eq 1 ] || fail "expected one temporary left behind, found: $left"
[ "$(stat -c %s "$left")" -eq 1024 ] || fail "the temporary is not the cut-off page"

# The next write of the same report removes it.
"$REPLYCHECK" report merge -q "${shards[@]}" --report-html "$work/out/r.html" >/dev/null || [ $? -eq 1 ]
[ -z "$(temporaries r.html)" ] || fail "stale temporary not removed: $(temporaries r.html)"
tail -c 200 "$work/out/r.html" | grep -q '</html>' || fail "the report is not complete"

# 2. Only our stale temporaries go: a dead writer's goes; a live writer's, another report's and
# files merely named alike stay.
sleep 60 &
victim=$!
kill -9 "$victim"
wait "$victim" 2>/dev/null || true
dead=".r.xml.$victim.0.tmp"
live=".r.xml.$$.0.tmp"
others=(".other.xml.$victim.0.tmp" ".r.xml.$victim.0.tmp.keep" ".r.xml.notes.tmp" "r.xml.$victim.0.tmp")
for f in "$dead" "$live" "${others[@]}"; do printf '<testsuites' >"$work/out/$f"; done
"$REPLYCHECK" report merge -q "${shards[@]}" --report-junit "$work/out/r.xml" >/dev/null || [ $? -eq 1 ]
[ ! -e "$work/out/$dead" ] || fail "the dead writer's temporary was not removed"
for f in "$live" "${others[@]}"; do [ -e "$work/out/$f" ] || fail "$f was removed"; done
grep -q '</testsuites>' "$work/out/r.xml" || fail "the JUnit report is not complete"

echo "ok"
